-- The payments service's table (H2 in memory by default, PostgreSQL with ENOKI_DATABASE_URL).
CREATE TABLE payments (
    id           VARCHAR(64)  PRIMARY KEY,
    order_id     VARCHAR(64)  NOT NULL,
    customer     VARCHAR(255) NOT NULL,
    amount_cents BIGINT       NOT NULL
);
