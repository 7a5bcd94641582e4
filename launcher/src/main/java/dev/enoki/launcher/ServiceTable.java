package dev.enoki.launcher;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.EventSubscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The registry as people read it: one row per service, with its instances, nodes, methods and events. */
public final class ServiceTable {
    private ServiceTable() {
    }

    public static String render(List<ServiceRecord> records) {
        Map<String, List<ServiceRecord>> byService = new TreeMap<>();
        records.forEach(r -> byService.computeIfAbsent(r.service(), k -> new ArrayList<>()).add(r));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"SERVICE", "INSTANCES", "TRANSPORT", "NODES", "RPC METHODS", "EVENTS HANDLED"});
        byService.forEach((service, instances) -> {
            ServiceRecord first = instances.get(0);
            rows.add(new String[]{service, String.valueOf(instances.size()),
                    instances.stream().map(ServiceRecord::transport).distinct().collect(Collectors.joining(",")),
                    instances.stream().map(r -> shortId(r.nodeId())).distinct().collect(Collectors.joining(",")),
                    methods(first), events(first)});
        });
        return layout(rows);
    }

    /** One line about a service that just started. */
    public static String describe(ServiceRecord record) {
        StringBuilder line = new StringBuilder(record.service());
        if (!record.methods().isEmpty()) {
            line.append("  rpc: ").append(methods(record));
        }
        if (!record.subscriptions().isEmpty()) {
            line.append("  events: ").append(events(record));
        }
        return line.toString();
    }

    static String methods(ServiceRecord record) {
        return record.methods().stream().map(m -> m.name() + "(" + m.parameters().stream()
                        .map(ServiceRecord.Parameter::name).collect(Collectors.joining(", ")) + ")")
                .sorted().collect(Collectors.joining(" "));
    }

    static String events(ServiceRecord record) {
        return record.subscriptions().stream()
                .sorted(Comparator.comparing(EventSubscription::source).thenComparing(EventSubscription::eventType))
                .map(s -> s.source() + "." + s.eventType())
                .distinct().collect(Collectors.joining(" "));
    }

    static String shortId(String id) {
        return id == null || id.length() <= 8 ? String.valueOf(id) : id.substring(0, 8);
    }

    private static String layout(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }
}
