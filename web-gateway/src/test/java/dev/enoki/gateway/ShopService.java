package dev.enoki.gateway;

import dev.enoki.Rpc;
import dev.enoki.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A service whose methods take and return records, for the OpenAPI schemas and their viewer. */
@Service("shop")
public class ShopService {

    public enum Priority { NORMAL, EXPRESS }

    public record Address(String street, String city) {
    }

    public record Line(String sku, int quantity) {
    }

    public record NewOrder(String customer, List<Line> lines, Address shipTo, Priority priority,
                           Map<String, String> tags, Optional<String> note) {
    }

    public record Receipt(String id, int items, NewOrder order) {
    }

    public record Category(String name, List<Category> children) {
    }

    @Rpc
    public Receipt place(NewOrder order) {
        int items = order.lines() == null ? 0 : order.lines().stream().mapToInt(Line::quantity).sum();
        return new Receipt("receipt-1", items, order);
    }

    @Rpc
    public Category catalog(Optional<String> root) {
        return new Category(root.orElse("all"), List.of(new Category("tea", List.of())));
    }
}
