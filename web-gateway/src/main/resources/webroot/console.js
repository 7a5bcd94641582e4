// The console: reads the registry through /api/services, the nodes' health, busiest methods and circuit breakers
// through /api/nodes, and calls methods through /api/{service}/{method}.
(function () {
  'use strict';
  var services = [];
  var byId = function (id) { return document.getElementById(id); };

  function cell(text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) { td.className = className; }
    return td;
  }

  function signature(m) {
    return m.name + '(' + m.parameters.map(function (p) { return p.name + ': ' + p.type; }).join(', ') + ')';
  }

  function renderTable() {
    var body = byId('services');
    body.textContent = '';
    if (services.length === 0) {
      var empty = document.createElement('tr');
      empty.appendChild(cell('no services are running', 'muted'));
      body.appendChild(empty);
      return;
    }
    services.forEach(function (s) {
      var row = document.createElement('tr');
      row.className = 'service';
      row.dataset.service = s.name;
      row.appendChild(cell(s.name));
      row.appendChild(cell(s.instances.map(function (i) { return i.instanceId.slice(0, 8) + ' (' + i.transport + ')'; }).join('\n')));
      row.appendChild(cell(s.methods.map(signature).join('\n')));
      row.appendChild(cell((s.routes || []).map(function (r) { return r.methods.join(',') + ' ' + r.path; }).join('\n')));
      Array.prototype.forEach.call(row.children, function (td) { td.style.whiteSpace = 'pre-line'; });
      body.appendChild(row);
    });
  }

  var HEALTH = { 'ready': 'ok', 'not ready': 'error', 'unreachable': 'error', 'unknown': 'muted' };

  function busiest(methods) {
    return (methods || []).map(function (m) {
      return m.service + '.' + m.method + '  ' + m.calls + ' calls, ' + m.errors + ' errors, '
        + (m.mean_seconds * 1000).toFixed(1) + ' ms mean';
    }).join('\n');
  }

  // A caller's breakers as its node sees them: "front → flaky  open"; an open one marks the cell as an error
  function breakerText(breakers) {
    return (breakers || []).map(function (b) {
      return b.service + ' \u2192 ' + b.target + '  ' + b.state.replace('_', ' ');
    }).join('\n');
  }

  function healthText(node) {
    if (node.health === 'unknown') { return 'no management address'; }
    if (node.health === 'unreachable') { return 'unreachable' + (node.error ? ': ' + node.error : ''); }
    if (node.health !== 'not ready' || !node.checks) { return node.health; }
    var down = (node.checks.checks || []).filter(function (c) { return c.status !== 'UP'; })
      .map(function (c) { return c.id + (c.data && c.data.reason ? ': ' + c.data.reason : ''); });
    return 'not ready' + (down.length ? ' (' + down.join('; ') + ')' : '');
  }

  function renderNodes(nodes) {
    var body = byId('nodes');
    body.textContent = '';
    nodes.forEach(function (n) {
      var row = document.createElement('tr');
      row.className = 'node';
      row.dataset.node = n.node;
      row.appendChild(cell(n.node.slice(0, 8) + (n.management ? '\n' + n.management : '')));
      var health = cell(healthText(n), HEALTH[n.health]);
      health.classList.add('health');
      row.appendChild(health);
      row.appendChild(cell(n.services.join('\n')));
      var methods = cell(busiest(n.busiest));
      methods.classList.add('busiest');
      row.appendChild(methods);
      var open = (n.breakers || []).some(function (b) { return b.state !== 'closed'; });
      var breakers = cell(breakerText(n.breakers), open ? 'error' : '');
      breakers.classList.add('breakers');
      row.appendChild(breakers);
      Array.prototype.forEach.call(row.children, function (td) { td.style.whiteSpace = 'pre-line'; });
      body.appendChild(row);
    });
  }

  function refreshNodes() {
    fetch('/api/nodes', { headers: headers() })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) { renderNodes(data.nodes); })
      .catch(function (e) { byId('nodes').textContent = 'Could not read the nodes: ' + e.message; });
  }

  function fillSelect(select, values) {
    var current = select.value;
    select.textContent = '';
    values.forEach(function (v) {
      var option = document.createElement('option');
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    if (values.indexOf(current) >= 0) { select.value = current; }
  }

  function renderForm() {
    fillSelect(byId('service'), services.map(function (s) { return s.name; }));
    renderMethods();
  }

  function renderMethods() {
    var chosen = services.filter(function (s) { return s.name === byId('service').value; })[0];
    fillSelect(byId('method'), chosen ? chosen.methods.map(function (m) { return m.name; }) : []);
  }

  function headers() {
    var h = { 'Content-Type': 'application/json' };
    var token = byId('token').value.trim();
    if (token) { h.Authorization = 'Bearer ' + token; }
    return h;
  }

  function refresh() {
    fetch('/api/services', { headers: headers() })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) {
        services = data.services;
        renderTable();
        renderForm();
        byId('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
      })
      .catch(function (e) { byId('updated').textContent = 'Could not read the registry: ' + e.message; });
  }

  function call(event) {
    event.preventDefault();
    var service = byId('service').value;
    var method = byId('method').value;
    var status = byId('status');
    var result = byId('result');
    var args;
    try {
      args = JSON.parse(byId('args').value || '[]');
    } catch (e) {
      status.className = 'error';
      status.textContent = 'The arguments are not JSON: ' + e.message;
      return;
    }
    status.className = 'muted';
    status.textContent = 'Calling ' + service + '.' + method + '…';
    result.textContent = '';
    fetch('/api/' + encodeURIComponent(service) + '/' + encodeURIComponent(method),
      { method: 'POST', headers: headers(), body: JSON.stringify(args) })
      .then(function (r) {
        return r.text().then(function (text) {
          var callId = r.headers.get('X-Enoki-Call-Id') || '';
          status.className = r.ok ? 'ok' : 'error';
          status.textContent = (r.ok ? 'OK' : 'Error') + ' ' + r.status + (callId ? ' — call ' + callId : '');
          try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: shown as it is */ }
          result.textContent = text;
        });
      })
      .catch(function (e) {
        status.className = 'error';
        status.textContent = 'The call failed: ' + e.message;
      });
  }

  /** Fills the call form with a method and its arguments and brings it into view (the API view's "Try it"). */
  function prepareCall(service, method, args) {
    var select = byId('service');
    if (Array.prototype.every.call(select.options, function (o) { return o.value !== service; })) {
      fillSelect(select, services.map(function (s) { return s.name; }).concat([service]));
    }
    select.value = service;
    renderMethods();
    var methods = byId('method');
    if (Array.prototype.every.call(methods.options, function (o) { return o.value !== method; })) {
      fillSelect(methods, Array.prototype.map.call(methods.options, function (o) { return o.value; }).concat([method]));
    }
    methods.value = method;
    byId('args').value = JSON.stringify(args, null, 2);
    byId('call-form').scrollIntoView();
    byId('args').focus();
  }

  window.enokiConsole = { headers: headers, prepareCall: prepareCall };
  byId('service').addEventListener('change', renderMethods);
  byId('call-form').addEventListener('submit', call);
  refresh();
  refreshNodes();
  setInterval(refresh, 3000);
  setInterval(refreshNodes, 3000);
}());
