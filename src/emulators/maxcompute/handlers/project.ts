/**
 * Project-level REST calls (spec 3.1, 3.4, 3.5): GetProject (`GET /api/projects/{p}`, with the `x-odps-owner`,
 * `x-odps-creation-time` and `Last-Modified` headers pyodps requires), GetTunnelEndpoint
 * (`GET /api/projects/{p}/tunnel?service`: this server's own `host:port`), and the start-up calls of pyodps:
 * GetLogviewHost (`GET /api/logview/host`) and GetTenants (`GET /api/tenants`, 404 as for a service without
 * tenants, which pyodps tolerates). Reference: https://help.aliyun.com/zh/maxcompute/user-guide/api-reference.
 */
import { MaxComputeServerError } from '../errors';
import { OWNER } from '../store/types';
import { element, httpDate, xmlDocument } from '../xml';
import { xmlResponse, type Handler } from './context';

export const getProject: Handler = async (context) => {
  const project = context.catalog.project(context.params.project);
  const created = httpDate(project.createdMs);
  const root = element('Project', [
    element('Name', project.name),
    element('Type', 'managed'),
    element('Comment', ''),
    element('Owner', OWNER),
    element('State', 'AVAILABLE'),
    element('ProjectGroupName', ''),
    element('CreationTime', created),
    element('LastModifiedTime', created),
    element('Properties', [
      element('Property', [element('Name', 'odps.sql.type.system.odps2'), element('Value', 'true')]),
    ]),
  ]);
  return xmlResponse(xmlDocument(root), 200, {
    'x-odps-owner': OWNER,
    'x-odps-creation-time': created,
    'last-modified': created,
  });
};

export const getTunnelEndpoint: Handler = async (context) => {
  context.catalog.project(context.params.project);
  // A bare host:port: clients prepend the service endpoint's scheme (spec 3.5).
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: context.origin.replace(/^https?:\/\//, '') };
};

export const getLogviewHost: Handler = async (context) => ({
  status: 200,
  headers: { 'content-type': 'text/plain' },
  body: `${context.origin}/logview`,
});

export const getTenants: Handler = async () => {
  throw new MaxComputeServerError('NoSuchObject', { message: 'Tenants are not supported by the local server.' });
};
