package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.vmm.VcpuIoctl;

/**
 * docs/scenario-language.md against the parser, both ways: every statement, instruction, event,
 * ioctl kind and expectation the parser knows has a {@code synopsis} line in the reference, with
 * every key the parser accepts for it; every synopsis line names a form and keys the parser knows;
 * every {@code scenario} example parses; the names {@code expect} takes are all listed.
 */
class LanguageReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "scenario-language.md");
    private static final Pattern KEY = Pattern.compile("(?<![A-Za-z0-9-])([a-z][a-z0-9-]*)=");
    /** What a synopsis writes for "any further keys" (a driver's, a TDVMCALL's). */
    private static final String ANY_KEYS = "key";
    /** The forms whose {@code NAME=VALUE} names are listed in the text rather than as keys. */
    private static final Set<String> NAMED_VALUE_FORMS = Set.of("expect stat", "expect guest");

    private final ScenarioParser parser = new ScenarioParser(ScenarioParserFormsTest.Catalog.standard());

    private static String reference() throws IOException {
        return Files.readString(REFERENCE, StandardCharsets.UTF_8);
    }

    /** The lines of every fenced block whose info string is {@code kind}, block by block. */
    private static List<List<String>> blocks(String kind) throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : reference().lines().toList()) {
            if (current == null && line.equals("```" + kind)) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** Each documented form (e.g. {@code machine}, {@code instruction ipi}, {@code at ioctl nmi}) with the keys its synopsis lines show. */
    private static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> forms = new LinkedHashMap<>();
        for (List<String> block : blocks("synopsis")) {
            for (String line : block) {
                Set<String> keys = forms.computeIfAbsent(form(line), f -> new TreeSet<>());
                Matcher m = KEY.matcher(line);
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return forms;
    }

    private static String form(String synopsis) {
        String[] t = synopsis.split(" +");
        return switch (t[0]) {
            case "vcpu" -> t[2].equals("tdvmcall") ? "instruction tdvmcall " + t[3] : "instruction " + t[2];
            case "at" -> t[2].equals("ioctl") ? "at ioctl " + t[3] : "at " + t[2];
            case "expect" -> "expect " + t[1];
            default -> t[0];
        };
    }

    /** Every form the parser knows, each with the scenario text that offers it the unknown key {@code zzz}. */
    private static Map<String, String> parserForms() {
        Map<String, String> probes = new LinkedHashMap<>();
        String vmx = "machine backend=vmx\n";
        String td = "machine backend=tdx vm=td\n";
        for (String statement : ParseSession.names()) {
            switch (statement) {
                case "machine" -> probes.put("machine", "machine backend=vmx zzz=1\n");
                case "tdx-module" -> probes.put("tdx-module", td + "tdx-module zzz=1\n");
                case "vmm" -> probes.put("vmm", td + "vmm zzz=1\n");
                case "guest" -> probes.put("guest", td + "guest driver=tdx-event-notify\n");
                case "handler" -> probes.put("handler", vmx + "handler 0x30 zzz=1\n");
                case "run" -> probes.put("run", vmx + "run zzz=1\n");
                case "vcpu", "at", "expect" -> {
                }
                default -> throw new AssertionError("a statement this test does not know: " + statement);
            }
        }
        String tdGuest = td + "guest driver=tdx-event-notify mode=polling\n";
        for (String instruction : ParseInstruction.names()) {
            if (instruction.equals("tdvmcall")) {
                for (String call : ParseTdInstruction.TDVMCALLS) {
                    probes.put("instruction tdvmcall " + call, tdGuest + "vcpu 0: tdvmcall " + call + " zzz=1\n");
                }
            } else {
                probes.put("instruction " + instruction, tdGuest + "vcpu 0: " + instruction + " zzz=1\n");
            }
        }
        for (String event : ParseEvent.names()) {
            if (event.equals("ioctl")) {
                for (String kind : VcpuIoctl.NAMES) {
                    probes.put("at ioctl " + kind, vmx + "at 0 ioctl " + kind + " zzz=1\n");
                }
            } else {
                probes.put("at " + event, vmx + "at 0 " + event + " zzz=1\n");
            }
        }
        for (String expectation : ParseExpect.names()) {
            probes.put("expect " + expectation, tdGuest + "expect " + expectation + " zzz=1\n");
        }
        return probes;
    }

    /**
     * The keys the parser accepts for a form, read from its "unknown key" message; empty when it
     * takes any (it accepted {@code zzz} and complained about something else, or nothing).
     */
    private Optional<Set<String>> parserKeys(String form, String probe) {
        if (NAMED_VALUE_FORMS.contains(form)) {
            return Optional.of(Set.of("vcpu"));
        }
        if (form.equals("expect vmm-stat")) { // NAME=N only, the names listed in the text
            return Optional.of(Set.of());
        }
        if (form.equals("guest")) {
            return Optional.of(Set.of("driver", ANY_KEYS));
        }
        try {
            parser.parse("probe.scenario", probe);
            return Optional.empty();
        } catch (ScenarioException e) {
            String message = e.getMessage();
            Matcher expected = Pattern.compile("unknown key 'zzz' for [^(]*\\(expected: ([^)]*)\\)").matcher(message);
            if (expected.find()) {
                return Optional.of(new TreeSet<>(Arrays.asList(expected.group(1).split(", "))));
            }
            if (message.contains("takes no")) {
                return Optional.of(Set.of());
            }
            assertFalse(message.contains("unknown key 'zzz'"), form + ": " + message);
            // Any other complaint comes after the key was accepted: the form takes any key.
            return Optional.empty();
        }
    }

    @Test
    void everyFormTheParserKnowsIsDocumentedWithEveryKey() throws IOException {
        Map<String, Set<String>> documented = documented();
        for (Map.Entry<String, String> probe : parserForms().entrySet()) {
            String form = probe.getKey();
            assertTrue(documented.containsKey(form), "docs/scenario-language.md has no synopsis of " + form);
            Optional<Set<String>> keys = parserKeys(form, probe.getValue());
            Set<String> shown = documented.get(form);
            if (keys.isEmpty()) {
                assertTrue(shown.contains(ANY_KEYS), form + " takes any key: its synopsis must say [key=value ...]");
            } else {
                assertEquals(new TreeSet<>(keys.get()), new TreeSet<>(shown), "keys of " + form);
            }
        }
    }

    @Test
    void everyDocumentedFormIsOneTheParserKnows() throws IOException {
        Set<String> known = parserForms().keySet();
        for (String form : documented().keySet()) {
            assertTrue(known.contains(form), "the reference documents " + form + ", which the parser does not know");
        }
    }

    @Test
    void everyExampleParses() throws IOException {
        List<List<String>> examples = blocks("scenario");
        assertFalse(examples.isEmpty());
        for (List<String> example : examples) {
            String text = String.join("\n", example) + "\n";
            try {
                parser.parse("example.scenario", text);
            } catch (ScenarioException e) {
                throw new AssertionError("an example of docs/scenario-language.md does not parse:\n" + text
                        + e.getMessage(), e);
            }
        }
    }

    @Test
    void everyNameAnExpectationTakesIsListed() throws IOException {
        String reference = reference();
        List<String> names = Stream.of(ParseNames.STATS, ParseNames.VM_STATES, ParseNames.GUEST_STATE,
                ParseNames.MP_STATES, ParseNames.VIOLATIONS, VcpuIoctl.NAMES).flatMap(List::stream).toList();
        for (String name : names) {
            assertTrue(reference.contains("`" + name + "`"), "docs/scenario-language.md does not list `" + name + "`");
        }
    }
}
