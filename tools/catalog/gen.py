import json, re, sys
raw = open('raw.txt').read().splitlines()
dump = open('dump.txt').read().splitlines()
created = set(open('created.txt').read().split())
lookup = {}
events = []
for l in dump:
    if l.startswith('LOOKUP '):
        for kv in l[len('LOOKUP ['):-1].split(', '):
            k, v = kv.split('=')
            lookup[v] = k
    if l.startswith('EVENTS '):
        events = l[len('EVENTS ['):-1].split(', ')
svc_model = {}
for l in dump:
    if l.startswith('SVC '):
        parts = l.split(' ')
        m = re.search(r'model=(\S+)', l)
        if m.group(1) != 'null':
            svc_model[parts[2]] = m.group(1)
# parse methods
classes = {}
cur = None; sig = None; pending = None
for l in raw:
    if l.startswith('CLASS '):
        cur = l.split()[1]; classes[cur] = []; continue
    if l.startswith('  public '):
        sig = l.strip(); pending = None; continue
    m = re.search(r'String (/v1/\S*)', l)
    if m and sig:
        pending = {'sig': sig, 'path': m.group(1)}; continue
    m = re.search(r'RequestMethod\.(GET|POST|DELETE)', l)
    if m and pending:
        pending['http'] = m.group(1)
        name = re.search(r' (\w+)\(', pending['sig']).group(1)
        pending['name'] = name
        classes[cur].append(pending); pending = None
def snake(s):
    return re.sub(r'(?<!^)(?=[A-Z])', '_', s).lower()
resources = []
for svc, methods in classes.items():
    model = svc_model[svc]
    otype = lookup.get(model)
    by = {}
    for m in methods: by.setdefault(m['name'], m)
    lst = by.get('list')
    if not lst or '%s' in lst['path'] or otype is None:
        print('skip', svc, lst and lst['path'], otype, file=sys.stderr); continue
    item = by.get('retrieve') or by.get('update') or by.get('delete')
    item_path = item['path'].replace('%s', '{id}') if item else None
    params = re.search(r'(com\.stripe\.param\.[\w.]*ListParams)', lst['sig'])
    actions = []
    for name, m in sorted(by.items()):
        if name in ('list','retrieve','create','update','delete','search'): continue
        p = m['path']
        if not p.startswith(lst['path'] + '/%s'): continue
        rest = p[len(lst['path'] + '/%s'):]
        if rest.count('%s'): continue
        if rest == '':
            an = snake(name)
        else:
            seg = rest.strip('/')
            if '/' in seg: continue
            an = ('delete_' + seg) if m['http'] == 'DELETE' else seg
        actions.append({'name': an, 'method': m['http'], 'path': p.replace('%s', '{id}')})
    r = {'name': otype, 'modelClass': model, 'listPath': lst['path'], 'itemPath': item_path,
         'createdFilter': bool(params and params.group(1) in created),
         'create': 'create' in by and by['create']['path'] == lst['path'],
         'retrieve': 'retrieve' in by,
         'update': 'update' in by and by['update']['http'] == 'POST' and by['update']['path'] == item_path.replace('{id}','%s') if item_path else False,
         'delete': 'delete' in by and by['delete']['http'] == 'DELETE',
         'searchPath': by['search']['path'] if 'search' in by else None,
         'actions': actions}
    resources.append(r)
names = [r['name'] for r in resources]
dups = {n for n in names if names.count(n) > 1}
print('dups', dups, file=sys.stderr)
json.dump({'resources': resources, 'events': events}, open('catalog-draft.json','w'), indent=1)
for r in resources: print(r['name'], r['listPath'], r['itemPath'], r['createdFilter'], r['create'], r['update'], r['delete'], r['searchPath'], [a['name']+':'+a['method'] for a in r['actions']])

# ---- second stage: curate into the shipped data file ----
DROP = {'event': 'the Events API is the CDC transport, not a synced resource',
        'credit_note_line_item': '/v1/credit_notes/preview/lines is a preview that needs an invoice, not a stored collection'}
resources = [r for r in resources if r['name'] not in DROP]
for r in resources:
    if r['name'] == 'apps.secret': pass
# resources whose list lives under the connected account given by the accountId option
resources.append({'name': 'person', 'modelClass': 'com.stripe.model.Person', 'listPath': '/v1/accounts/{account}/persons',
  'itemPath': '/v1/accounts/{account}/persons/{id}', 'createdFilter': False, 'create': True, 'retrieve': True, 'update': True, 'delete': True, 'searchPath': None, 'actions': []})
resources.append({'name': 'capability', 'modelClass': 'com.stripe.model.Capability', 'listPath': '/v1/accounts/{account}/capabilities',
  'itemPath': '/v1/accounts/{account}/capabilities/{id}', 'createdFilter': False, 'create': False, 'retrieve': True, 'update': True, 'delete': False, 'searchPath': None, 'actions': []})
ALIAS = {'customer.subscription':'subscription','charge.dispute':'dispute','charge.refund':'refund','customer.tax_id':'tax_id',
 'issuing_card':'issuing.card','issuing_cardholder':'issuing.cardholder','issuing_authorization':'issuing.authorization','issuing_dispute':'issuing.dispute',
 'issuing_transaction':'issuing.transaction','issuing_token':'issuing.token','issuing_personalization_design':'issuing.personalization_design',
 'sigma.scheduled_query_run':'scheduled_query_run'}
NOT_THE_OBJECT = {'billing.alert.triggered': 'data.object is a billing.alert_triggered, not a billing.alert',
                  'invoice.upcoming': 'data.object is a preview invoice without an id, not a stored invoice'}
byname = {r['name']: r for r in resources}
for r in resources: r['eventTypes'] = []; r['fromSpec'] = []
# Event types: stripe-java's, plus those Stripe's published spec (2022-04) named and stripe-java dropped as retired
# (invoiceitem.updated, transfer.paid, transfer.failed): accounts and API versions that still produce them are read.
spec_events = json.load(open('reference.json'))['eventTypes']
java_events = set(events) - {'*'}
for ev in sorted(java_events | set(spec_events)):
    if ev in NOT_THE_OBJECT: continue
    p = ev.rsplit('.', 1)[0]
    t = ALIAS.get(p, p)
    if t in byname:
        byname[t]['eventTypes'].append(ev)
        if ev not in java_events: byname[t]['fromSpec'].append(ev)
# A resource whose event types share one prefix that no other known type starts with is read with Stripe's type
# wildcard (invoiceitem.*), so a type Stripe adds or never documented is still delivered.
known = java_events | set(spec_events)
def wildcard(r):
    prefixes = {ev.rsplit('.', 1)[0] for ev in r['eventTypes']}
    if len(prefixes) != 1: return None
    p = prefixes.pop()
    if any(ev.startswith(p + '.') and ev not in r['eventTypes'] for ev in known): return None
    return p + '.*'
# Lists that Stripe refuses without a filter. stripe-java shows which (their services have no no-argument list());
# the parameter names are Stripe's API reference facts, checked by StripeCatalogTest against the ListParams fields.
LIST_REQUIRES = {'issuing.token': ['card'], 'entitlements.active_entitlement': ['customer'], 'apps.secret': ['scope'],
  'financial_connections.transaction': ['account'], 'payment_attempt_record': ['payment_record'],
  'radar.value_list_item': ['value_list'], 'setup_attempt': ['setup_intent'], 'subscription_item': ['subscription']}
for t in ('transaction', 'inbound_transfer', 'outbound_payment', 'outbound_transfer', 'credit_reversal', 'debit_reversal',
          'received_credit', 'received_debit', 'transaction_entry'):
    LIST_REQUIRES['treasury.' + t] = ['financial_account']
# Curated facts of Stripe's API reference (each checked by StripeCatalogTest against stripe-java 33.3.0)
NESTED_LISTS = {
  'account': [{'field': 'external_accounts', 'path': '/v1/accounts/{id}/external_accounts'}],
  'application_fee': [{'field': 'refunds', 'path': '/v1/application_fees/{id}/refunds'}],
  'charge': [{'field': 'refunds', 'path': '/v1/refunds', 'parentParam': 'charge'}],
  'checkout.session': [{'field': 'line_items', 'path': '/v1/checkout/sessions/{id}/line_items'}],
  'credit_note': [{'field': 'lines', 'path': '/v1/credit_notes/{id}/lines'}],
  'customer': [{'field': 'sources', 'path': '/v1/customers/{id}/sources'},
               {'field': 'subscriptions', 'path': '/v1/subscriptions', 'parentParam': 'customer'},
               {'field': 'tax_ids', 'path': '/v1/customers/{id}/tax_ids'}],
  'file': [{'field': 'links', 'path': '/v1/file_links', 'parentParam': 'file'}],
  'invoice': [{'field': 'lines', 'path': '/v1/invoices/{id}/lines'},
              {'field': 'payments', 'path': '/v1/invoice_payments', 'parentParam': 'invoice'}],
  'payment_link': [{'field': 'line_items', 'path': '/v1/payment_links/{id}/line_items'}],
  'quote': [{'field': 'line_items', 'path': '/v1/quotes/{id}/line_items'}],
  'radar.value_list': [{'field': 'list_items', 'path': '/v1/radar/value_list_items', 'parentParam': 'value_list'}],
  'subscription': [{'field': 'items', 'path': '/v1/subscription_items', 'parentParam': 'subscription'}],
  'transfer': [{'field': 'reversals', 'path': '/v1/transfers/{id}/reversals'}],
  'treasury.transaction': [{'field': 'entries', 'path': '/v1/treasury/transaction_entries', 'parentParam': 'transaction'}],
}
SNAPSHOT_PARAMS = {'subscription': {'status': 'all'}}
# Objects a list leaves out unless asked, read by extra snapshot passes: one per value, or one per test clock (test mode:
# customers, subscriptions and quotes on a test clock are left out without test_clock) or per customer on a test clock
# (subscription schedules are left out unless customer is given); custom payment methods need type=custom.
SNAPSHOT_PASSES = {
  'customer': [{'param': 'test_clock', 'each': 'test_clock'}],
  'subscription': [{'param': 'test_clock', 'each': 'test_clock'}],
  'quote': [{'param': 'test_clock', 'each': 'test_clock'}],
  'subscription_schedule': [{'param': 'customer', 'each': 'test_clock_customer'}],
  'payment_method': [{'param': 'type', 'value': 'custom'}],
}
DELETED_EVENT_KEEPS_OBJECT = {'subscription'}
# lists that answer every object at once: their params classes have no limit / starting_after
UNPAGED = {'capability', 'reporting.report_type'}
out = []
for r in sorted(resources, key=lambda r: r['name']):
    o = {'name': r['name'], 'modelClass': r['modelClass'], 'listPath': r['listPath']}
    if r['itemPath']: o['itemPath'] = r['itemPath']
    o['createdFilter'] = r['createdFilter']
    if r['name'] in LIST_REQUIRES: o['listRequires'] = LIST_REQUIRES[r['name']]
    o['operations'] = [op for op in ('create','retrieve','update','delete') if r[op]] + (['search'] if r['searchPath'] else [])
    if r['searchPath']: o['searchPath'] = r['searchPath']
    if r['actions']: o['actions'] = r['actions']
    if r['name'] in SNAPSHOT_PARAMS: o['snapshotParams'] = SNAPSHOT_PARAMS[r['name']]
    if r['name'] in SNAPSHOT_PASSES: o['snapshotPasses'] = SNAPSHOT_PASSES[r['name']]
    if r['name'] in NESTED_LISTS: o['nestedLists'] = NESTED_LISTS[r['name']]
    o['eventTypes'] = r['eventTypes']
    if r['fromSpec']: o['eventTypesFromSpec'] = r['fromSpec']
    w = wildcard(r) if r['eventTypes'] else None
    if w: o['eventWildcard'] = w
    if r['name'] in DELETED_EVENT_KEEPS_OBJECT: o['deletedEventKeepsObject'] = True
    if r['name'] in UNPAGED: o['paged'] = False
    out.append(o)
doc = {'about': 'Stripe resources that camel-stripe-sync can stream and write. Generated by tools/catalog/generate.sh from stripe-java 33.3.0 (service paths and HTTP methods, list params, EventDataClassLookup, WebhookEndpointCreateParams.EnabledEvent) and the event types of Stripe\'s 2022-04 OpenAPI spec (eventTypesFromSpec: named by the spec, not by stripe-java); checked by StripeCatalogTest against stripe-java and the 2022-04 API spec facts.',
       'stripeJava': '33.3.0',
       'eventTypeAliases': ALIAS,
       'eventTypesNotTheObject': NOT_THE_OBJECT,
       'excluded': DROP,
       'resources': out}
json.dump(doc, open('stripe-catalog.json', 'w'), indent=2)
print('resources', len(out), 'event types', sum(len(o['eventTypes']) for o in out), file=sys.stderr)
