// Prints what java.util.Properties makes of .properties files: the reference
// reading that tests/fixes.rs compares fixed files against.
//
// Usage: java tests/java/ReadProperties.java [--utf8] FILE...
//
// For each FILE, in order, one line of JSON: {"entries": {key: value, ...}} with
// sorted keys, or {"error": "<exception class>: <message>"} when load throws.
// Files are read with Properties.load(InputStream), ISO-8859-1 plus backslash-u
// escapes, as Kafka does; with --utf8, Properties.load(Reader) over a UTF-8
// InputStreamReader. One JVM reads many files, since starting one costs more than
// reading a file.
//
// The JSON is the style of PropertiesOracle.java: pure ASCII, every char outside
// printable ASCII written as a backslash-u escape (a supplementary character as
// its surrogate pair), and unpaired surrogates mapped to U+FFFD as kafkalint's
// reader does. (Comments spell "backslash-u": javac reads the real sequence even
// in comments.)

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

public class ReadProperties {

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

    static String read(byte[] bytes, boolean utf8) throws IOException {
        Properties p = new Properties();
        StringBuilder out = new StringBuilder();
        try {
            if (utf8) {
                p.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
            } else {
                p.load(new ByteArrayInputStream(bytes));
            }
        } catch (IllegalArgumentException e) {
            out.append("{\"error\": ");
            jsonString(out, e.getClass().getName() + ": " + e.getMessage());
            return out.append('}').toString();
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            entries.put(mapLoneSurrogates((String) e.getKey()), mapLoneSurrogates((String) e.getValue()));
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

    public static void main(String[] args) throws IOException {
        boolean utf8 = false;
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--utf8")) {
                utf8 = true;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: java ReadProperties.java [--utf8] FILE...");
            System.exit(2);
        }
        StringBuilder out = new StringBuilder();
        for (Path f : files) {
            out.append(read(Files.readAllBytes(f), utf8)).append('\n');
        }
        System.out.write(out.toString().getBytes(StandardCharsets.US_ASCII));
        System.out.flush();
    }
}
