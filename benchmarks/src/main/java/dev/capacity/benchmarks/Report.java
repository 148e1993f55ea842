package dev.capacity.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects results, prints them as a table and writes them as JSON. Thread-safe enough for one harness. */
final class Report {

    private final Map<String, Object> run = new LinkedHashMap<>();
    private final List<Result> results = new ArrayList<>();
    private final Map<String, Object> evidence = new LinkedHashMap<>();

    synchronized void run(String key, Object value) {
        run.put(key, value);
    }

    synchronized Result add(Result r) {
        results.add(r);
        return r;
    }

    synchronized void evidence(String key, Object value) {
        evidence.put(key, value);
    }

    synchronized List<Result> results() {
        return List.copyOf(results);
    }

    synchronized void print(PrintStream out) {
        String[] head = {"scenario", "variant", "metric", "library", "SQL baseline", "lib/base", "target", "met"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Result r : results) {
            rows.add(new String[] {r.scenario(), r.variant(), r.metric(), number(r.library()), number(r.baseline()),
                    ratio(r.ratio()), r.target() == null ? "" : r.target(),
                    r.met() == null ? "" : r.met() ? "yes" : "NO"});
        }
        int[] width = new int[head.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            sb.append('|');
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 3 && i <= 5;
                String cell = numeric ? pad(row[i], width[i], true) : pad(row[i], width[i], false);
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (int i = 0; i < row.length; i++) {
                    sb.append('-').append("-".repeat(width[i])).append(i >= 3 && i <= 5 ? ":|" : "-|");
                }
                sb.append('\n');
            }
        }
        out.print(sb);
        out.flush();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    synchronized void writeJson(Path path) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", run);
        List<Object> list = new ArrayList<>();
        results.forEach(r -> list.add(r.toMap()));
        root.put("results", list);
        root.put("evidence", evidence);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, json(root, 0) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object v, int indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, indent);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        String pad = "  ".repeat(indent + 1);
        String end = "  ".repeat(indent);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(pad);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append(end).append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            int i = 0;
            for (Object o : c) {
                sb.append(pad);
                write(sb, o, indent + 1);
                sb.append(++i < c.size() ? ",\n" : "\n");
            }
            sb.append(end).append(']');
        } else if (v instanceof double[] d) {
            List<Object> l = new ArrayList<>();
            for (double x : d) {
                l.add(x);
            }
            write(sb, l, indent);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d)
                    .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1"));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, String.valueOf(v));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
