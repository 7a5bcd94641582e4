// The API view: each service's operations from /openapi.json, with their parameter and result schemas; "Try it"
// fills the console's call form with the method and an example of its arguments.
(function () {
  'use strict';
  var shown = '';
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function refName(schema) {
    return schema.$ref.split('/').pop();
  }

  function definition(doc, name) {
    return ((doc.components || {}).schemas || {})[name] || {};
  }

  // A definition is named by its class's qualified name; the view shows the simple name and keeps the full one as a title.
  function simpleName(name) {
    return name.split('.').pop();
  }

  function unwrapNullable(schema) {
    if (schema.allOf && schema.allOf.length === 1) {
      return { schema: schema.allOf[0], nullable: !!schema.nullable };
    }
    return { schema: schema, nullable: !!schema.nullable };
  }

  /** The schema as a small tree: named types by name, then their properties once (a cycle shows the name only). */
  function schemaNode(schema, doc, seen) {
    var unwrapped = unwrapNullable(schema || {});
    var s = unwrapped.schema;
    var node = el('span', 'schema');
    if (s.$ref) {
      var name = refName(s);
      var type = el('span', 'type named', simpleName(name));
      type.title = name;
      node.appendChild(type);
      if (seen.indexOf(name) < 0) {
        appendBody(node, definition(doc, name), doc, seen.concat([name]));
      }
    } else {
      appendBody(node, s, doc, seen);
    }
    if (unwrapped.nullable) { node.appendChild(el('span', 'muted', ' | null')); }
    return node;
  }

  function appendBody(node, s, doc, seen) {
    if (s.enum) {
      node.appendChild(el('span', 'type', (node.firstChild ? ': ' : '') + (s.type || 'value') + ' one of '
        + s.enum.map(String).join(', ')));
    } else if (s.type === 'array') {
      node.appendChild(el('span', 'type', 'array of '));
      node.appendChild(schemaNode(s.items || {}, doc, seen));
    } else if (s.properties) {
      var list = el('ul', 'properties');
      Object.keys(s.properties).forEach(function (key) {
        var item = el('li', 'property');
        item.dataset.property = key;
        item.appendChild(el('code', null, key));
        item.appendChild(document.createTextNode(': '));
        item.appendChild(schemaNode(s.properties[key], doc, seen));
        if ((s.required || []).indexOf(key) >= 0) { item.appendChild(el('span', 'muted', ' (required)')); }
        list.appendChild(item);
      });
      if (!node.firstChild) { node.appendChild(el('span', 'type', 'object')); }
      node.appendChild(list);
    } else if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
      node.appendChild(el('span', 'type', 'map of '));
      node.appendChild(schemaNode(s.additionalProperties, doc, seen));
    } else if (!node.firstChild || s.type) {
      node.appendChild(el('span', 'type', (s.type || 'any') + (s.format ? ' (' + s.format + ')' : '')));
    }
  }

  /** An example value of a schema, to start the arguments of a call from. */
  function example(schema, doc, seen) {
    var s = unwrapNullable(schema || {}).schema;
    if (s.$ref) {
      var name = refName(s);
      return seen.indexOf(name) >= 0 ? null : example(definition(doc, name), doc, seen.concat([name]));
    }
    if (s.enum) { return s.enum[0]; }
    switch (s.type) {
      case 'string': return '';
      case 'integer': case 'number': return 0;
      case 'boolean': return false;
      case 'array': return [];
      default: break;
    }
    if (!s.properties) { return s.type === 'object' ? {} : null; }
    var value = {};
    Object.keys(s.properties).forEach(function (key) { value[key] = example(s.properties[key], doc, seen); });
    return value;
  }

  function jsonSchema(content) {
    return ((content || {})['application/json'] || {}).schema;
  }

  function section(title, body) {
    var div = el('div', 'api-part');
    div.appendChild(el('h4', null, title));
    div.appendChild(body);
    return div;
  }

  function rpcOperation(op, doc) {
    var body = el('div');
    var named = (jsonSchema(op.requestBody.content).oneOf || [])[0] || {};
    var params = el('ul', 'parameters');
    Object.keys(named.properties || {}).forEach(function (key) {
      var item = el('li', 'parameter');
      item.dataset.param = key;
      item.appendChild(el('code', null, key));
      item.appendChild(document.createTextNode(': '));
      item.appendChild(schemaNode(named.properties[key], doc, []));
      params.appendChild(item);
    });
    if (!params.firstChild) { params.appendChild(el('li', 'muted', 'none')); }
    body.appendChild(section('Parameters', params));
    body.appendChild(section('Result', schemaNode(jsonSchema(op.responses['200'].content) || {}, doc, [])));
    var tryIt = el('button', 'try', 'Try it');
    tryIt.type = 'button';
    tryIt.addEventListener('click', function () {
      var args = {};
      Object.keys(named.properties || {}).forEach(function (key) { args[key] = example(named.properties[key], doc, []); });
      var id = op.operationId.split('.');
      window.enokiConsole.prepareCall(id[0], id.slice(1).join('.'), args);
    });
    body.appendChild(tryIt);
    return body;
  }

  function httpOperation(op, doc) {
    var body = el('div');
    var params = el('ul', 'parameters');
    (op.parameters || []).forEach(function (p) {
      var item = el('li', 'parameter');
      item.dataset.param = p.name;
      item.appendChild(el('code', null, p.name));
      item.appendChild(document.createTextNode(' (' + p.in + '): '));
      item.appendChild(schemaNode(p.schema, doc, []));
      params.appendChild(item);
    });
    if (op.requestBody) {
      var content = op.requestBody.content;
      var item = el('li', 'parameter');
      item.dataset.param = 'body';
      item.appendChild(el('code', null, 'body'));
      item.appendChild(document.createTextNode(': '));
      item.appendChild(jsonSchema(content) ? schemaNode(jsonSchema(content), doc, []) : el('span', 'type', Object.keys(content)[0]));
      params.appendChild(item);
    }
    if (!params.firstChild) { params.appendChild(el('li', 'muted', 'none')); }
    body.appendChild(section('Parameters', params));
    return body;
  }

  function render(doc) {
    var open = Array.prototype.map.call(document.querySelectorAll('details.operation[open]'),
      function (d) { return d.dataset.operation; });
    var root = byId('api');
    root.textContent = '';
    var byService = {};
    Object.keys(doc.paths || {}).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (verb) {
        var op = doc.paths[path][verb];
        var service = (op.tags || ['other'])[0];
        (byService[service] = byService[service] || []).push({ path: path, verb: verb, op: op });
      });
    });
    var names = Object.keys(byService).sort();
    if (names.length === 0) { root.appendChild(el('p', 'muted', 'no operations: no services are running')); }
    names.forEach(function (service) {
      var block = el('div', 'api-service');
      block.dataset.service = service;
      block.appendChild(el('h3', null, service));
      byService[service].forEach(function (o) {
        var details = el('details', 'operation');
        details.dataset.operation = o.op.operationId;
        var summary = el('summary');
        summary.appendChild(el('span', 'verb', o.verb.toUpperCase()));
        summary.appendChild(document.createTextNode(' '));
        summary.appendChild(el('code', null, o.path));
        details.appendChild(summary);
        var rpc = !!(o.op.requestBody && (jsonSchema(o.op.requestBody.content) || {}).oneOf);
        details.appendChild(rpc ? rpcOperation(o.op, doc) : httpOperation(o.op, doc));
        details.open = open.indexOf(o.op.operationId) >= 0;
        block.appendChild(details);
      });
      root.appendChild(block);
    });
  }

  function refresh() {
    fetch('/openapi.json', { headers: window.enokiConsole.headers() })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })
      .then(function (text) {
        if (text !== shown) {
          shown = text;
          render(JSON.parse(text));
        }
      })
      .catch(function (e) { byId('api').textContent = 'Could not read /openapi.json: ' + e.message; shown = ''; });
  }

  refresh();
  setInterval(refresh, 3000);
}());
