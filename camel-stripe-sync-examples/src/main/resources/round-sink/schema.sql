-- The round-closing sink's tables (PostgreSQL): one per resource the route follows, named stripe_<resource> with the
-- dots of a resource's name as underscores (checkout.session: stripe_checkout_session). Each row keeps the greatest
-- round that confirmed it and the second of the newest change applied to it; stripe_sync_rounds the greatest round each
-- resource's markers announced.
CREATE TABLE IF NOT EXISTS stripe_customer (
    id TEXT PRIMARY KEY,
    body JSONB NOT NULL,
    round BIGINT NOT NULL DEFAULT 0,
    second BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS stripe_invoiceitem (
    id TEXT PRIMARY KEY,
    body JSONB NOT NULL,
    round BIGINT NOT NULL DEFAULT 0,
    second BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS stripe_sync_rounds (
    resource TEXT PRIMARY KEY,
    round BIGINT NOT NULL
);
