-- The inventory service's table: the catalogue with its unit prices, stock left and units sold. The restock timer
-- tops the stock up to inventory.restock_level (default 10).
CREATE TABLE stock (
    sku         VARCHAR(64) PRIMARY KEY,
    price_cents BIGINT      NOT NULL,
    quantity    INT         NOT NULL,
    sold        INT         NOT NULL
);

INSERT INTO stock (sku, price_cents, quantity, sold) VALUES ('enoki-tshirt', 2000, 10, 0);
INSERT INTO stock (sku, price_cents, quantity, sold) VALUES ('enoki-mug', 1200, 10, 0);
INSERT INTO stock (sku, price_cents, quantity, sold) VALUES ('enoki-sticker', 300, 10, 0);
