-- The two-node example's replica, run once by the DBA (or a migration tool) before the nodes start.
-- stripe_customers holds each customer's newest state; stripe_sync_fence the greatest CamelStripeSyncClaim written, so
-- that a record from a node that lost the stream (a smaller claim) is refused in the same statement as its write.
CREATE TABLE IF NOT EXISTS stripe_customers (
    id   VARCHAR(255) NOT NULL PRIMARY KEY,
    body JSONB        NOT NULL);
CREATE TABLE IF NOT EXISTS stripe_sync_fence (
    stream VARCHAR(255) NOT NULL PRIMARY KEY,
    claim  BIGINT       NOT NULL);
