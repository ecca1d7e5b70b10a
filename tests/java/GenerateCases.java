// Writes the differential-test inputs for kafkalint's `.properties` reader.
//
// Usage: java tests/java/GenerateCases.java <cases-dir> [<random> <soup> <seed>]
//
// The optional arguments are for exploratory sweeps outside the committed
// corpus (for example `cases 5000 5000 7` into a scratch directory, then the
// oracle, then the Rust test pointed at it); regenerate.sh uses the defaults.
//
// Every case is written as raw bytes to <cases-dir>/NNN.properties, and
// <cases-dir>/index.tsv lists what each case covers (the Rust test quotes it
// when a case disagrees). The output is a pure function of this file: the
// random cases use a fixed seed and java.util.Random, whose algorithm is part
// of its specification, so every JDK writes the same bytes.
//
// Note for editors: javac turns a backslash-u sequence into a character even
// inside comments and fails on a malformed one, so comments here spell it out
// as "backslash-u". In string literals "\\u0041" is safe: a backslash preceded
// by another backslash never starts a unicode escape.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class GenerateCases {

    /** Size of the byte buffer of Properties.LineReader and of StreamDecoder. */
    static final int BUF = 8192;

    record Case(String description, byte[] bytes) {}

    static final List<Case> CASES = new ArrayList<>();

    static void add(String description, Object... parts) {
        CASES.add(new Case(description, cat(parts)));
    }

    // ---------------------------------------------------------------- helpers

    /** The chars of `s` as ISO-8859-1 bytes; every char must be at most U+00FF. */
    static byte[] t(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + (int) c + " in " + s);
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** `s` encoded as UTF-8. */
    static byte[] u8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes from hex pairs separated by spaces: "ED A0 80". */
    static byte[] hx(String hex) {
        String[] parts = hex.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /** Concatenates Strings (as ISO-8859-1, see t) and byte arrays. */
    static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? t(s) : (byte[]) p;
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    static String rep(String s, int n) {
        return s.repeat(n);
    }

    /** `prefix` followed by filler so that the next byte lands at offset `at`. */
    static String padTo(String prefix, int at, char fill) {
        if (prefix.length() > at) {
            throw new IllegalArgumentException("prefix too long");
        }
        return prefix + rep(String.valueOf(fill), at - prefix.length());
    }

    // ------------------------------------------------------- hand-written cases

    static void handWritten() {
        // --- separators
        add("the three separators: =, : and whitespace (space, tab, form feed)",
                "a=1\nb:2\nc 3\nd\t4\ne\f5\n");
        add("only one separator is eaten: a second = belongs to the value", "a = = b\n");
        add("colon then equals: the = is part of the value", "a:=b\n");
        add("equals then colon: the : is part of the value", "a=:b\n");
        add("double equals", "a==b\n");
        add("several spaces as the separator", "a  b\n");
        add("whitespace (space, tab, form feed) around =", "a \t\f = \t b\n");
        add("whitespace separator followed by = and whitespace", "a \t=\t b c\n");
        add("whitespace then : then =", "a : = b\n");
        add("first unescaped separator ends the key, later ones are value text", "a=b = c : d\n");
        add("whitespace ends the key, so b=c is the value", "a b=c\n");
        add("escaped = in the key", "a\\=b=c\n");
        add("escaped space in the key", "a\\ b c\n");
        add("escaped : in the key", "a\\:b:c\n");
        add("escaped tab and form feed in the key", "a\\\tb\\\fc=d\n");
        add("escaped backslash then separator: key ends after it", "a\\\\=b\n");
        add("escaped backslash then escaped =", "a\\\\\\=b=c\n");
        add("key without value", "key\n");
        add("key with = and nothing after", "key=\n");
        add("key followed by trailing whitespace only", "key   \t\n");
        add("key, whitespace, separator, nothing", "a =\nb :\nc\t=\t\n");
        add("empty key with =", "=x\n");
        add("empty key with :", ":x\n");
        add("leading whitespace then = gives an empty key", " = x\n");
        add("empty key and empty value", "=\n");
        add("a key that is one escaped space", "\\ =x\n");
        add("vertical tab (0x0B) is not whitespace in a key", "a\u000Bb=c\n");
        add("vertical tab at the start of a line is not skipped", "\u000Ba=b\n");
        add("vertical tab after a value is kept", "a=b\u000B\n");
        add("vertical tab where a separator would be", "a\u000B=b\n");
        add("NBSP 0xA0 is not whitespace (ISO-8859-1 byte)", "a\u00A0b=c\n\u00A0d=e\n");
        add("NBSP U+00A0 as UTF-8 (C2 A0) is not whitespace", "a", hx("C2 A0"), "b=c\n", hx("C2 A0"), "d=e\n");
        add("tab as the separator", "a\tb\n");
        add("form feed as the separator", "a\fb\n");
        add("space before a colon", "a :b\n");
        add("trailing whitespace of a value is kept", "a=b  \t\f\nc=d \n");
        add("a value of only whitespace is empty", "a=   \t\n");
        add("leading whitespace (space, tab, form feed) before a key", " \t\f key=v\n");
        add("escaped trailing space in a value", "a=b\\ \n");
        add("escaped leading space in a value", "a=\\ b\n");
        add("escaped = at the start of a value", "a=\\=b\n");
        add("other control characters are not whitespace", "a\u0001b=c\nd\u001Fe f\n");
        add("NUL byte in key and value", "a\u0000b=c\u0000d\n");
        add("DEL and C1 controls", "a\u007Fb=\u0085\u0080\u009F\n");

        // --- comments
        add("# and ! comments", "# c\na=1\n! c\nb=2\n");
        add("comments after leading whitespace", "  # indented\n\t! indented\n\f#ff\na=1\n");
        add("# after a value is not a comment", "a=1 # not a comment\nb=2 ! neither\n");
        add("a comment ending in a backslash does not continue", "# comment \\\na=1\n");
        add("a ! comment ending in three backslashes does not continue", "! comment \\\\\\\nb=2\n");
        add("a continued line starting with # is value text", "a=x\\\n#not comment\n");
        add("a continued line starting with ! after whitespace is value text", "a=x\\\n   !not\n");
        add("a lone backslash line followed by a # line: the # line is a comment",
                "\\\n#c\nb=1\n");
        add("a lone backslash line followed by an indented # line", "\\\n  #c\nb=1\n");
        add("a lone backslash line followed by a ! line, then EOF", "\\\n!c");
        add("comment at EOF without newline", "a=1\n#c");
        add("a lone # at EOF", "#");
        add("comments with CRLF", "#c\r\nb=1\r\n!d\r\n");
        add("comments with lone CR", "#c\rb=1\r!x\rc=2");
        add("escaped # starts a key", "\\#a=1\n");
        add("escaped ! starts a key", "\\!a=1\n");
        add("# inside a key", "key#=v\nk!=w\n");
        add("a malformed backslash-u inside a comment is ignored", "#\\u12\n!\\uZZZZ\na=1\n");
        add("high bytes inside a comment", "# caf\u00e9 \u00ff\u0080\na=1\n");
        add("invalid UTF-8 inside a comment", "# ", hx("FF ED A0 80 C3"), "\na=1\n");
        add("only comments", "# a\n! b\n#\n!\n");
        add("comment ending in backslash-CR then a line", "# c\\\rb=2\r");
        add("comment followed by blank lines and CRLF", "#c\r\n\r\n\r\na=1");

        // --- continuations
        add("simple continuation", "a=x\\\ny\n");
        add("even trailing backslashes: no continuation", "a=x\\\\\ny\n");
        add("three trailing backslashes: continuation after an escaped backslash", "a=x\\\\\\\ny\n");
        add("four trailing backslashes", "a=x\\\\\\\\\ny\n");
        add("five trailing backslashes", "a=x\\\\\\\\\\\ny\n");
        add("leading whitespace of the continued line is dropped", "a=x\\\n  \t\f y\n");
        add("whitespace before the backslash is kept", "a=x \\\n  y\n");
        add("continued line is empty: the logical line ends there", "a=x\\\n\ny=1\n");
        add("continued line is whitespace-only", "a=x\\\n   \nb=1\n");
        add("continued line is whitespace then another backslash", "a=x\\\n \\\n y\n");
        add("continued line is a lone backslash", "a=x\\\n\\\ny\n");
        add("continuation inside the key", "a\\\n=b\n");
        add("continuation inside the key, continued line indented", "a\\\n  b=c\n");
        add("continuation between key and value", "a \\\n b\n");
        add("continuation right after the separator", "a=\\\n   b\n");
        add("continuation at EOF after the separator", "a=\\\n");
        add("trailing backslash at EOF without newline", "a=x\\");
        add("two trailing backslashes at EOF without newline", "a=x\\\\");
        add("three trailing backslashes at EOF without newline", "a=x\\\\\\");
        add("a lone backslash, no newline", "\\");
        add("a lone backslash and LF", "\\\n");
        add("a lone backslash and CRLF", "\\\r\n");
        add("a lone backslash and CR", "\\\r");
        add("a lone backslash as the last line without newline", "a=1\n\\");
        add("a lone backslash as the last line with newline", "a=1\n\\\n");
        add("a lone backslash line then an empty line", "a=1\n\\\n\n");
        add("a lone backslash line then a key", "\\\nb\n");
        add("a lone backslash line then a blank line then a key", "\\\n\nb=1\n");
        add("several lone backslash lines", "\\\n\\\n\\\n");
        add("several lone backslash lines then a value", "\\\n\\\n\\\nk=v\n");
        add("backslash, whitespace-only line, EOF", "a=x\\\n   ");
        add("backslash then space then newline is not a continuation", "a=x\\ \ny\n");
        add("continuations with tabs and form feeds", "a=x\\\n\ty\\\n\f z\n");
        add("continuation with CR", "a=x\\\ry\n");
        add("continuation with CRLF", "a=x\\\r\ny\n");
        add("continuation with CRLF then an empty line", "a=x\\\r\n\r\ny\n");
        add("continuation with CR then CR (second CR ends the line)", "a=x\\\r\ry\n");
        add("continuation with LF then CR", "a=x\\\n\ry\n");
        add("continuation with CRLF, whitespace-only line, CRLF", "a=x\\\r\n  \r\ny\n");
        add("continuation with CR then LF after whitespace", "a=x\\\r  \ny\n");
        add("continuation with CR at EOF", "a=x\\\r");
        add("continuation with CRLF at EOF", "a=x\\\r\n");
        add("lone backslash, CRLF, then a comment", "\\\r\n# c\r\nb=1\r\n");
        add("continuation splitting an escape sequence", "a=x\\\\\\\n\\t\n");
        add("continuation splitting backslash-u digits", "a=\\u00\\\n41\n");
        add("continuation splitting backslash-u digits, continued line indented", "a=\\u00\\\n   41\n");
        add("continuation in the key splitting backslash-u digits", "\\u00\\\n41=x\n");
        add("continuation right after the backslash-u", "a=\\u\\\n0041\n");
        add("many continuation lines", "a=", rep("x\\\n  ", 200), "end\n");
        add("key, continuation, separator on the next line", "a\\\n  \\\n  = v\n");

        // --- escapes
        add("escapes for tab, newline, return, form feed in a value", "a=\\t\\n\\r\\f\n");
        add("escapes for tab, newline, return, form feed in a key", "\\t\\n\\r\\f=x\n");
        add("backslash-u escapes, upper and lower case hex", "a=\\u0041\\u00e9\\u00E9\\u20AC\\u20ac\n");
        add("backslash-u escapes in the key", "\\u0041=\\u0062\n");
        add("a surrogate pair, upper case", "a=\\uD83D\\uDE00\n");
        add("a surrogate pair, lower case", "a=\\ud83d\\ude00\n");
        add("a surrogate pair in the key", "\\uD83D\\uDE00=x\n");
        add("a lone high surrogate (Java keeps it, we map it to U+FFFD)", "a=\\uD83D\n");
        add("a lone low surrogate", "a=\\uDE00\n");
        add("low then high surrogate: both lone", "a=\\uDE00\\uD83D\n");
        add("high, high, low: a lone high then a pair", "a=\\uD83D\\uD83D\\uDE00\n");
        add("a high surrogate followed by a letter", "a=\\uD83Dx\n");
        add("a high surrogate followed by a newline escape", "a=\\uD83D\\n\n");
        add("a high surrogate escape followed by a literal UTF-8 emoji",
                "a=\\uD83D", u8("\uD83D\uDE00"), "\n");
        add("a lone surrogate in the key (only one such key)", "\\uDC00=x\n");
        add("a surrogate pair split by a continuation", "a=\\uD83D\\\n   \\uDE00\n");
        add("unknown escapes drop the backslash: Windows paths", "p=C:\\kafka\\logs\n");
        add("unknown escapes a b c d e g z U x 0", "a=\\a\\b\\c\\d\\e\\g\\z\\U0041\\x41\\0\n");
        add("escaped backslash before u is not a unicode escape", "a=\\\\u0041\n");
        add("three backslashes before u", "a=\\\\\\u0041\n");
        add("escaped NUL and max BMP char", "a=\\u0000\\uFFFF\\uFFFE\n");
        add("escaped BOM char", "a=\\uFEFF\n");
        add("escaped newline character", "a=\\u000a\\u000D\n");
        add("escaped = as backslash-u in the key is not a separator", "\\u003d=x\n");
        add("escaped space as backslash-u at the start of the key", "\\u0020a=b\n");
        add("escaped backslash as backslash-u", "a=\\u005c\\u005Cn\n");
        add("backslash-U upper case is an unknown escape", "a=\\U0041\n");
        add("escape of a high ISO-8859-1 byte", "a=\\\u00e9\n");
        add("escape of a UTF-8 multi-byte character", "a=\\", u8("\u20ac"), "\n");
        add("escape of an invalid UTF-8 byte", "a=\\", hx("FF"), "\n");

        // --- malformed backslash-u
        add("malformed: too short at the end of a value", "a=\\u12\n");
        add("malformed: too short at EOF", "a=\\u123");
        add("malformed: non-hex digit", "a=\\u12G4\n");
        add("malformed: all non-hex", "a=\\uGGGG\n");
        add("malformed: in the key", "\\u12=x\n");
        add("malformed: short in the key before a separator", "a\\u1=b\n");
        add("malformed: backslash-u at EOF", "a=\\u");
        add("malformed: backslash-u at end of line", "a=\\u\n");
        add("malformed: backslash-u at EOF after text", "a=x\\u");
        add("malformed: space among the digits", "a=\\u 123\n");
        add("malformed: sign among the digits", "a=\\u-123\n");
        add("malformed: plus sign", "a=\\u+123\n");
        add("malformed: whole load fails, even the good lines", "a=1\nb=\\uzzzz\nc=3\n");
        add("malformed after a duplicate key", "a=1\na=2\na=\\u1\n");
        add("malformed: G as third digit", "a=\\u00G\n");
        add("malformed after a good escape", "a=\\u0041\\u\n");
        add("malformed with CRLF", "a=\\u12\r\n");
        add("malformed: UTF-8 fullwidth digits", "a=\\u", u8("\uFF11\uFF12\uFF13\uFF14"), "\n");
        add("malformed after a high surrogate", "a=\\uD83D\\u12\n");
        add("malformed: backslash-u alone as the key", "\\u");
        add("malformed: backslash-u alone as the key, newline", "\\u\n");
        add("malformed: backslash-u then a separator in the key", "\\u=1\n");
        add("malformed: the digits are cut by the key end", "k\\u12 345\n");
        add("malformed only on the last line", "a=1\nb=2\nc=\\uXYZW");
        add("malformed: a UTF-8 multi-byte char among the digits", "a=\\u12", u8("\u00e9"), "4\n");
        add("not malformed: the four chars after backslash-u are hex, then more text",
                "a=\\u00414142\n");
        add("malformed in the value of a line whose key is also malformed", "\\u1=\\u2\n");

        // --- line endings
        add("LF line endings", "a=1\nb=2\n");
        add("CRLF line endings", "a=1\r\nb=2\r\n");
        add("lone CR line endings", "a=1\rb=2\r");
        add("mixed line endings", "a=1\r\nb=2\rc=3\nd=4");
        add("blank lines of every kind", "a=1\n\r\n\r\rb=2\n");
        add("only line endings", "\r\n\r\n\n\r");
        add("CR CR LF", "a=1\r\r\nb=2\n");
        add("no trailing newline", "a=1");
        add("a key alone at EOF", "a");
        add("a key and = at EOF", "a=");
        add("blank lines around", "\n\n\na=1\n\n");
        add("LF CR between entries", "a=1\n\rb=2\n\r");
        add("Unicode line separators are not line ends", "a=1", u8("\u2028"), "b=2", u8("\u0085"), "c=3\n");
        add("NEL byte 0x85 is not a line end", "a=1\u0085b=2\n");

        // --- BOM
        add("UTF-8 BOM at the start", hx("EF BB BF"), "a=1\n");
        add("BOM then a comment: the BOM makes it a key", hx("EF BB BF"), "#comment\nb=2\n");
        add("BOM then whitespace then a key", hx("EF BB BF"), " a=1\n");
        add("BOM alone", hx("EF BB BF"));
        add("BOM then a newline", hx("EF BB BF"), "\n");
        add("BOM inside a value", "a=x", hx("EF BB BF"), "y\n");
        add("BOM then =", hx("EF BB BF"), "=v\n");
        add("two BOMs", hx("EF BB BF EF BB BF"), "a=1\n");

        // --- ISO-8859-1 high bytes
        add("ISO-8859-1 letters", "caf\u00e9=na\u00efve \u00fc\u00df\n");
        add("ISO-8859-1 byte y-umlaut 0xFF", "\u00ff=\u00ff\n");
        StringBuilder all = new StringBuilder("all=");
        for (char c = 0x80; c <= 0xFF; c++) {
            all.append(c);
        }
        add("every byte from 0x80 to 0xFF in a value", all.toString(), "\n");
        add("C1 control bytes", "k\u0080\u0081=\u009e\u009f\n");

        // --- UTF-8, valid
        add("valid UTF-8: Cyrillic", u8("\u043a\u043b\u044e\u0447=\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\n"));
        add("valid UTF-8: euro and CJK", u8("\u20ac=\u65e5\u672c\n"));
        add("valid UTF-8: emoji in key and value", u8("\uD83D\uDE00=\uD83C\uDF89\n"));
        add("valid UTF-8: U+D7FF and U+E000 next to the surrogate range", hx("ED 9F BF"), "=", hx("EE 80 80"), "\n");
        add("valid UTF-8: U+10FFFF", "a=", hx("F4 8F BF BF"), "\n");
        add("valid UTF-8: U+FFFE and U+FFFF noncharacters", "a=", hx("EF BF BE EF BF BF"), "\n");

        // --- UTF-8, invalid
        add("truncated 3-byte sequence before LF", "a=", hx("E2 82"), "\n");
        add("truncated 3-byte sequence at EOF", "a=", hx("E2 82"));
        add("truncated 4-byte sequence at EOF", "a=", hx("F0 9F 98"));
        add("truncated 4-byte sequence before a letter", "a=", hx("F0 9F 98"), "x\n");
        add("truncated 4-byte sequence (2 bytes) before letters", "a=", hx("F0 9F"), "xy\n");
        add("truncated 2-byte sequence at EOF", "a=", hx("C3"));
        add("truncated 2-byte sequence before LF", "a=", hx("C3"), "\n");
        add("lead byte of 3 before LF", "a=", hx("E2"), "\n");
        add("overlong 2-byte slash C0 AF", "a=", hx("C0 AF"), "\n");
        add("overlong C1 BF", "a=", hx("C1 BF"), "\n");
        add("overlong 3-byte E0 80 AF", "a=", hx("E0 80 AF"), "\n");
        add("overlong 3-byte E0 9F BF", "a=", hx("E0 9F BF"), "\n");
        add("overlong 4-byte F0 80 80 AF", "a=", hx("F0 80 80 AF"), "\n");
        add("overlong 4-byte F0 8F BF BF", "a=", hx("F0 8F BF BF"), "\n");
        add("surrogate code point U+D800 encoded in UTF-8", "a=", hx("ED A0 80"), "\n");
        add("surrogate code point U+DFFF encoded in UTF-8", "a=", hx("ED BF BF"), "\n");
        add("CESU-8 surrogate pair", "a=", hx("ED A0 BD ED B8 80"), "\n");
        add("surrogate lead ED A0 then a letter", "a=", hx("ED A0"), "A\n");
        add("surrogate lead ED A0 at EOF", "a=", hx("ED A0"));
        add("surrogate lead ED A0 before LF", "a=", hx("ED A0"), "\n");
        add("surrogate lead ED A0 before a continuation backslash", "a=x", hx("ED A0"), "\\\ny\n");
        add("surrogate-encoded key", hx("ED B0 80"), "=x\n");
        add("byte 0xFF", "a=", hx("FF"), "\n");
        add("byte 0xFE and 0xFF", "a=", hx("FE FF"), "b\n");
        add("F5 lead byte", "a=", hx("F5 80 80 80"), "\n");
        add("F8 5-byte form", "a=", hx("F8 88 80 80 80"), "\n");
        add("above U+10FFFF: F4 90 80 80", "a=", hx("F4 90 80 80"), "\n");
        add("F4 90 at EOF", "a=", hx("F4 90"));
        add("F0 80 at EOF", "a=", hx("F0 80"));
        add("E0 80 at EOF", "a=", hx("E0 80"));
        add("E0 A0 at EOF", "a=", hx("E0 A0"));
        add("lone continuation bytes", "a=", hx("80 BF 80"), "\n");
        add("invalid byte in the key", hx("FF"), "=1\n");
        add("truncated lead byte before =", "k", hx("E2"), "=v\n");
        add("truncated lead byte before a continuation backslash", "a=x", hx("E2"), "\\\ny\n");
        add("truncated 2 bytes before a continuation backslash", "a=x", hx("E2 82"), "\\\ny\n");
        add("invalid byte right before #", hx("C3"), "#x=1\n");
        add("invalid byte then a comment on the next line", "a=", hx("C3"), "\n#c\n");
        add("invalid byte between backslash and u", "a=\\", hx("C3"), "u0041\n");
        add("ED then a valid 3-byte char", "a=", hx("ED"), u8("\u20ac"), "\n");
        add("mixed ISO-8859-1 text that is not UTF-8", "caf\u00e9=\u00e0 la cr\u00e8me\n");

        // --- empty and whitespace-only files
        add("empty file");
        add("whitespace-only file", " \t\f\n \r\n\f");
        add("single space", " ");
        add("single newline", "\n");

        // --- duplicates
        add("duplicate keys: last wins", "a=1\na=2\n");
        add("duplicate key without value last", "a=1\na\n");
        add("duplicate key spelled with an escape", "a=1\n\\u0061=2\n");
        add("duplicate key with different separators", "a b\na:c\n");
        add("duplicate key across a continuation", "a=1\na\\\n=2\n");
        add("duplicate empty keys", "=1\n:2\n");

        // --- long lines and buffer boundaries
        add("a 20000-character value (line buffer grows past 1024)", "a=", rep("x", 20000), "\n");
        add("a 5000-character key", rep("k", 5000), "=v\n");
        add("backslash-CR-LF continuation with CR at byte 8191 and LF at 8192",
                padTo("a=", BUF - 2, 'x'), "\\\r\n  y\nb=2\n");
        add("backslash-LF continuation with LF at byte 8192",
                padTo("a=", BUF - 1, 'x'), "\\\n  y\n");
        add("backslash at byte 8191, LF at 8192",
                padTo("a=", BUF - 1, 'x'), "\\\ny\n");
        add("backslash-CR with CR as the last byte of the buffer, LF first of the next",
                padTo("a=", BUF - 2, 'x'), "\\\r\nnext=1\n");
        add("CR at byte 8191 and LF at 8192 without a backslash",
                padTo("a=", BUF - 1, 'x'), "\r\nb=2\n");
        add("a comment crossing the buffer boundary",
                "#", rep("c", BUF + 10), "\na=1\n");
        add("a comment whose LF is the last byte of the buffer",
                padTo("#", BUF - 1, 'c'), "\na=1\n");
        add("a backslash-u escape split across the buffer boundary",
                padTo("a=", BUF - 3, 'x'), "\\u0041\n");
        add("a UTF-8 multi-byte character across the buffer boundary",
                padTo("a=", BUF - 1, 'x'), u8("\u20ac\u20ac"), "\n");
        add("a 4-byte UTF-8 character across the buffer boundary",
                padTo("a=", BUF - 2, 'x'), u8("\uD83D\uDE00"), "\n");
        add("a surrogate-encoded UTF-8 sequence across the buffer boundary",
                padTo("a=", BUF - 1, 'x'), hx("ED A0 80"), "\n");
        add("a truncated UTF-8 sequence at the buffer boundary",
                padTo("a=", BUF - 2, 'x'), hx("E2 82"), "\n");
        add("a long line of UTF-8 multi-byte text", "a=", u8(rep("\u00e9\u20ac", 3000)), "\n");
        add("backslash as the last byte of the file after a long line",
                padTo("a=", BUF - 1, 'x'), "\\");
        add("long line then many short ones",
                "a=", rep("y", 9000), "\n", rep("k=v\n", 100));
        add("comment at the start of the second buffer after LF as the last byte",
                padTo("a=", BUF - 1, 'x'), "\n#c\\\nb=1\n");
    }

    // ---------------------------------------------------------- random cases

    static final Object[] KEYS = {
        "a", "b", "key", "log.dirs", "broker.id", "k\\=x", "k\\ x", "k\\:x", "\\#k", "\\!k",
        "k\\\\", "\\u006b", "\\t", "", "caf\u00e9", u8("\u043a"), "\\uD83D\\uDE00", "a.b.c",
        "x\u000By", "x\u00A0y", hx("ED A0 80"), hx("FF"), hx("EF BB BF"), "sasl\\\\jaas",
    };

    static final String[] SEPS = {
        "=", ":", " ", "\t", "\f", " = ", "\t:\t", "  ", " =", "= ", ":=", "==", " : ", "\f=\f", "=:",
    };

    static final Object[] VALUES = {
        "1", "value", "a b c", "x  ", "\\t\\n", "\\u0041", "\\uD83D\\uDE00", "\\uDE00", "\\uD83D",
        "C:\\kafka\\logs", "#notcomment", "!x", "=x", ":x", "\\\\", "\u00e9\u00ff", u8("\u20ac"),
        hx("FF"), hx("ED A0 80"), hx("E2 82"), hx("C3"), hx("F0 9F 98"), hx("ED A0"), "\u000B", "\u00A0",
        "", "  ", "\\ ", "PLAINTEXT://:9092", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
        "\\u00e9\\u00E9", "\\\\\\\\server\\\\share", "a\\", "\\u0000", u8("\uD83D\uDE00"),
    };

    static final String[] EOLS = {"\n", "\r\n", "\r"};

    static final String[] INDENTS = {"", " ", "  ", "\t", "\f", " \t "};

    static final String[] MALFORMED = {"\\u12", "\\uGGGG", "\\u", "\\u12G4", "\\u 12"};

    static byte[] pick(Random r, Object[] pool) {
        Object o = pool[r.nextInt(pool.length)];
        return o instanceof String s ? t(s) : (byte[]) o;
    }

    static String pick(Random r, String[] pool) {
        return pool[r.nextInt(pool.length)];
    }

    /** Inserts backslash, line end and indent at a random point of `b`. */
    static byte[] continueAt(Random r, byte[] b) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
        return cat(java.util.Arrays.copyOfRange(b, 0, at), "\\", pick(r, EOLS), pick(r, INDENTS),
                java.util.Arrays.copyOfRange(b, at, b.length));
    }

    static byte[] randomLine(Random r, boolean malformed) {
        int kind = r.nextInt(20);
        switch (kind) {
            case 0:
                return cat(pick(r, INDENTS), r.nextBoolean() ? "#" : "!", pick(r, VALUES),
                        r.nextInt(4) == 0 ? "\\" : "");
            case 1:
                return t(pick(r, INDENTS));
            case 2:
                return t("\\");
            default:
                break;
        }
        byte[] key = pick(r, KEYS);
        byte[] value = pick(r, VALUES);
        if (r.nextInt(3) == 0) {
            value = cat(value, pick(r, VALUES));
        }
        if (malformed) {
            value = cat(value, MALFORMED[r.nextInt(MALFORMED.length)]);
        }
        String sep = r.nextInt(12) == 0 ? "" : pick(r, SEPS);
        byte[] line = cat(pick(r, INDENTS), key, sep, value);
        int continuations = r.nextInt(5) == 0 ? 1 + r.nextInt(2) : 0;
        for (int i = 0; i < continuations; i++) {
            line = continueAt(r, line);
        }
        return line;
    }

    static void random(int count, long seed) {
        Random r = new Random(seed);
        for (int n = 0; n < count; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (r.nextInt(20) == 0) {
                out.writeBytes(hx("EF BB BF"));
            }
            int lines = 1 + r.nextInt(8);
            // About one case in twelve holds a malformed escape, so most cases
            // compare entries rather than just "both failed".
            int malformedLine = r.nextInt(12) == 0 ? r.nextInt(lines) : -1;
            for (int i = 0; i < lines; i++) {
                out.writeBytes(randomLine(r, i == malformedLine));
                boolean last = i == lines - 1;
                if (!last || r.nextInt(3) != 0) {
                    out.writeBytes(t(pick(r, EOLS)));
                }
            }
            if (r.nextInt(15) == 0) {
                out.writeBytes(t("\\"));
            }
            CASES.add(new Case("random combination #" + n + " (seeded)", out.toByteArray()));
        }
    }

    /** Bytes that mean something to the format, weighted towards the syntax. */
    static final String[] SOUP = {
        "a", "b", "k", "=", "=", ":", " ", " ", "\t", "\f", "\\", "\\", "\\", "\\", "\n", "\n",
        "\r", "\r", "#", "!", "u", "u", "0", "0", "4", "D", "d", "8", "3", "E", "F", "G", "t", "n",
        "\u000B", "\u00A0", "\u00E9", "\u00ED", "\u00C3", "\u00FF", "\u0080", "\u00BF", "\u00EF",
    };

    /**
     * Short random byte strings over SOUP: no structure at all, so they reach
     * state combinations (backslash runs across line ends, comments right after
     * continuations, escapes cut by separators) that the fragments do not.
     */
    static void soup(int count, long seed) {
        Random r = new Random(seed ^ 0x5EED5EEDL);
        for (int n = 0; n < count; n++) {
            StringBuilder s = new StringBuilder();
            int len = 1 + r.nextInt(40);
            for (int i = 0; i < len; i++) {
                s.append(SOUP[r.nextInt(SOUP.length)]);
            }
            CASES.add(new Case("byte soup #" + n + " (seeded)", t(s.toString())));
        }
    }

    // ------------------------------------------------------------------- main

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 4) {
            System.err.println("usage: java GenerateCases.java <cases-dir> [<random> <soup> <seed>]");
            System.exit(2);
        }
        int randomCount = args.length == 4 ? Integer.parseInt(args[1]) : 20;
        int soupCount = args.length == 4 ? Integer.parseInt(args[2]) : 14;
        long seed = args.length == 4 ? Long.parseLong(args[3]) : 20240611L;
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        handWritten();
        random(randomCount, seed);
        soup(soupCount, seed);
        StringBuilder index = new StringBuilder("# case\tdescription (written by GenerateCases.java)\n");
        for (int i = 0; i < CASES.size(); i++) {
            String name = String.format("%03d", i + 1);
            Case c = CASES.get(i);
            Files.write(dir.resolve(name + ".properties"), c.bytes());
            index.append(name).append('\t').append(c.description()).append('\n');
        }
        Files.writeString(dir.resolve("index.tsv"), index.toString(), StandardCharsets.US_ASCII);
        System.out.println("wrote " + CASES.size() + " cases to " + dir);
    }
}
