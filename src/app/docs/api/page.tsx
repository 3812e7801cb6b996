import { STATUS_CODES } from 'node:http';
import type { Metadata } from 'next';
import {
  METHODS,
  openApiDocument,
  type JsonSchema,
  type Method,
  type Operation,
  type ResponseObject,
} from '../../../api/openapi';
import { Prose, SchemaLine, SchemaView, schemaAnchor } from './schema-view';

/** The API reference, rendered on the server from the OpenAPI document the API serves: plain HTML, nothing fetched. */

export const metadata: Metadata = { title: 'API reference' };

type Entry = { path: string; method: Method; operation: Operation };
/** The document's named schemas, to show a body's fields where the body is one of them. */
type Named = { named: Record<string, JsonSchema> };

const operationAnchor = (operation: Operation) => `op-${operation.operationId}`;
const SCHEME_WORDS: Record<string, string> = { adminToken: '`Authorization: Bearer <admin_token>`' };

function Access({ security }: { security: Operation['security'] }) {
  if (!security?.length) return null;
  const optional = security.some((requirement) => Object.keys(requirement).length === 0);
  const schemes = security.flatMap((requirement) => Object.keys(requirement).map((name) => SCHEME_WORDS[name] ?? name));
  return <Prose text={`${optional ? 'Optional' : 'Required'}: ${schemes.join(', ')}.`} />;
}

function Response({ status, response, named }: { status: string; response: ResponseObject } & Named) {
  return (
    <div className="api-response">
      <h5>
        <span className={`api-status api-status-${status[0]}xx`}>{status}</span> {STATUS_CODES[Number(status)]}
      </h5>
      <Prose text={response.description} />
      {response.headers && (
        <ul className="api-fields">
          {Object.entries(response.headers).map(([name, header]) => (
            <li key={name}>
              header <SchemaLine name={name} schema={{ ...header.schema, description: header.description }} />
              {!header.required && <span className="api-optional"> (not always sent)</span>}
            </li>
          ))}
        </ul>
      )}
      {Object.entries(response.content ?? {}).map(([type, media]) => (
        <div key={type}>
          <p className="api-media">
            <code>{type}</code>
          </p>
          {media['x-event-data'] ? (
            <p>
              each event’s <code>data</code>: <SchemaLine schema={media['x-event-data']} />
            </p>
          ) : (
            media.schema && <SchemaView schema={media.schema} named={named} />
          )}
        </div>
      ))}
    </div>
  );
}

function OperationView({ path, method, operation, named }: Entry & Named) {
  const { parameters = [], requestBody } = operation;
  return (
    <section
      id={operationAnchor(operation)}
      className="api-operation"
      aria-labelledby={`${operationAnchor(operation)}-title`}
    >
      <h3 id={`${operationAnchor(operation)}-title`}>
        <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p className="api-summary">{operation.summary}</p>
      <Prose text={operation.description} />
      <Access security={operation.security} />
      {parameters.length > 0 && (
        <>
          <h4>Parameters</h4>
          <ul className="api-fields">
            {parameters.map((parameter) => (
              <li key={`${parameter.in} ${parameter.name}`}>
                {parameter.in}{' '}
                <SchemaLine
                  name={parameter.name}
                  schema={{ ...parameter.schema, description: parameter.description }}
                  optional={!parameter.required}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {requestBody && (
        <>
          <h4>Request body</h4>
          {Object.entries(requestBody.content).map(([type, media]) => (
            <div key={type}>
              <p className="api-media">
                <code>{type}</code>
              </p>
              {media.schema && <SchemaView schema={media.schema} named={named} />}
            </div>
          ))}
        </>
      )}
      <h4>Responses</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <Response key={status} status={status} response={response} named={named} />
      ))}
    </section>
  );
}

export default function ApiReferencePage() {
  const document = openApiDocument();
  const entries: Entry[] = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
  const tagged = document.tags.map((tag) => ({
    tag,
    entries: entries.filter((entry) => entry.operation.tags.includes(tag.name)),
  }));

  return (
    <article className="api-reference">
      <h1>API reference</h1>
      <Prose text={document.info.description} />
      <p>
        The same, as an OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <nav aria-label="Endpoints" className="api-toc">
        <ul>
          {entries.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operationAnchor(operation)}`}>
                <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
              </a>{' '}
              {operation.summary}
            </li>
          ))}
        </ul>
      </nav>

      {tagged.map(({ tag, entries: inTag }) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{tag.description}</h2>
          {inTag.map((entry) => (
            <OperationView key={entry.operation.operationId} {...entry} named={document.components.schemas} />
          ))}
        </section>
      ))}

      <section aria-labelledby="schemas">
        <h2 id="schemas">Schemas</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <section
            key={name}
            id={schemaAnchor(name)}
            className="api-operation"
            aria-labelledby={`${schemaAnchor(name)}-title`}
          >
            <h3 id={`${schemaAnchor(name)}-title`}>
              <code>{name}</code>
            </h3>
            <SchemaView schema={schema} />
          </section>
        ))}
      </section>
    </article>
  );
}
