// Records what java.util.Properties makes of every case file: the goldens that
// tests/java_differential.rs compares kafkalint's reader against.
//
// Usage: java tests/java/PropertiesOracle.java <cases-dir> <golden-dir>
//
// For each <cases-dir>/NNN.properties it runs
//   latin1: Properties.load(InputStream)                      (what Kafka does)
//   utf8:   Properties.load(new InputStreamReader(in, UTF_8))  (malformed bytes
//           become U+FFFD: InputStreamReader's decoder uses REPLACE)
// and writes <golden-dir>/latin1.json and <golden-dir>/utf8.json, each a JSON
// object from case name (NNN) to {"entries": {key: value, ...}} with sorted keys,
// or {"error": "<exception class>: <message>"} when load throws.
//
// The JSON is pure ASCII: every char outside printable ASCII is written as a
// backslash-u escape (supplementary characters as their surrogate pair), so the
// goldens diff cleanly.

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

public class PropertiesOracle {

    static final String COLLISION = "oracle: keys collide after mapping lone surrogates";

    interface Loader {
        void load(Properties p, byte[] bytes) throws IOException;
    }

    /**
     * A Java String may hold an unpaired surrogate (from a backslash-u escape such
     * as D800 that no low surrogate follows). A Rust String cannot, so kafkalint's
     * reader turns each unpaired surrogate into U+FFFD, a known and deliberate
     * deviation. The goldens apply the same mapping here, before comparing and
     * before writing JSON, so that this deviation is not reported as a mismatch.
     * Paired surrogates (one supplementary character) are kept.
     */
    static String mapLoneSurrogates(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                out.append('\uFFFD');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c <= 0x7E) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        out.append('"');
    }

    static String run(String name, byte[] bytes, Loader loader) throws IOException {
        Properties p = new Properties();
        StringBuilder out = new StringBuilder();
        try {
            loader.load(p, bytes);
        } catch (IllegalArgumentException e) {
            out.append("{\"error\": ");
            jsonString(out, e.getClass().getName() + ": " + e.getMessage());
            return out.append('}').toString();
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            String key = mapLoneSurrogates((String) e.getKey());
            String value = mapLoneSurrogates((String) e.getValue());
            if (entries.put(key, value) != null) {
                // Two keys that differ only in their lone surrogates: the mapped
                // golden would be ambiguous. Recorded as an error of the oracle's
                // own, which no reader produces: such cases must not be in the
                // corpus, and random ones are skipped.
                out.setLength(0);
                out.append("{\"error\": ");
                jsonString(out, COLLISION);
                return out.append('}').toString();
            }
        }
        out.append("{\"entries\": {");
        boolean first = true;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            out.append(first ? "" : ", ");
            first = false;
            jsonString(out, e.getKey());
            out.append(": ");
            jsonString(out, e.getValue());
        }
        return out.append("}}").toString();
    }

    static void write(Path file, List<String> names, List<String> results) throws IOException {
        StringBuilder out = new StringBuilder("{\n");
        for (int i = 0; i < names.size(); i++) {
            out.append("  ");
            jsonString(out, names.get(i));
            out.append(": ").append(results.get(i)).append(i + 1 < names.size() ? ",\n" : "\n");
        }
        out.append("}\n");
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * `--read FILE...`: one JSON line per file, read as Kafka reads it
     * (load(InputStream)); what tests/fixes.rs compares fixed files with. One JVM
     * reads them all, since starting one costs more than reading a file.
     */
    static void readFiles(List<String> paths) throws IOException {
        Loader latin1 = (p, b) -> p.load(new ByteArrayInputStream(b));
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            out.append(run(path, Files.readAllBytes(Path.of(path)), latin1)).append('\n');
        }
        System.out.write(out.toString().getBytes(StandardCharsets.US_ASCII));
        System.out.flush();
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--read")) {
            readFiles(List.of(args).subList(1, args.length));
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: java PropertiesOracle.java <cases-dir> <golden-dir>");
            System.err.println("       java PropertiesOracle.java --read FILE...");
            System.exit(2);
        }
        Path cases = Path.of(args[0]);
        Path golden = Path.of(args[1]);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cases, "*.properties")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        Loader latin1 = (p, b) -> p.load(new ByteArrayInputStream(b));
        Loader utf8 = (p, b) -> p.load(new InputStreamReader(new ByteArrayInputStream(b), StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        List<String> latin1Results = new ArrayList<>();
        List<String> utf8Results = new ArrayList<>();
        for (Path f : files) {
            String file = f.getFileName().toString();
            String name = file.substring(0, file.length() - ".properties".length());
            byte[] bytes = Files.readAllBytes(f);
            names.add(name);
            latin1Results.add(run(name, bytes, latin1));
            utf8Results.add(run(name, bytes, utf8));
        }
        Files.createDirectories(golden);
        write(golden.resolve("latin1.json"), names, latin1Results);
        write(golden.resolve("utf8.json"), names, utf8Results);
        System.out.println("wrote goldens for " + names.size() + " cases to " + golden);
    }
}
