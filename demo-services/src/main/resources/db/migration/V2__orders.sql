-- The orders service's tables: an order and its lines, in the order they were given.
CREATE TABLE orders (
    id          VARCHAR(64)  PRIMARY KEY,
    customer    VARCHAR(255) NOT NULL,
    total_cents BIGINT       NOT NULL,
    payment_id  VARCHAR(64)  NOT NULL
);

CREATE TABLE order_lines (
    order_id VARCHAR(64) NOT NULL REFERENCES orders (id),
    line_no  INT         NOT NULL,
    sku      VARCHAR(64) NOT NULL,
    quantity INT         NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
