package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/event-notify.md §N.8: the table of what each mode costs the guest is what kvmemu measures on
 * examples/guest-tdx/modes-side-by-side-*.scenario (one TD, one request from vCPU 1, the QGS
 * answering after 5 ms), and every guest-tdx example is named in the document.
 */
class EventNotifyDocTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> MODES = List.of("polling", "vector", "apic-id");
    private static final String HEADER = "| measured | polling | vector | apic-id |";
    private static final int REQUESTER = 1;

    /** What one mode's run shows in its trace. */
    private record Measured(String completion, long interrupts, long handlerVcpus, long disturbed, long tdvmcalls,
                            long userspaceExits, long msis) {
    }

    private static Measured measure(String mode) {
        Path file = ROOT.resolve("examples/guest-tdx/modes-side-by-side-" + mode + ".scenario");
        StringWriter out = new StringWriter();
        int exit = new Launcher(Optional.empty()).execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "run", "--trace", "guest_quote_*,guest_irq,guest_event_notify,guest_tdvmcall,kvm_userspace_exit,"
                        + "vmm_notify_msi", file.toString());
        assertEquals(ExitCode.OK, exit, out.toString());
        List<String> lines = out.toString().lines().toList();
        BigDecimal submit = time(lines, "guest_quote_submit:");
        BigDecimal result = time(lines, "guest_quote_result:");
        String ms = result.subtract(submit).multiply(BigDecimal.valueOf(1000)).setScale(3, RoundingMode.HALF_UP) + " ms";
        TreeSet<String> handlers = new TreeSet<>();
        TreeSet<String> disturbed = new TreeSet<>();
        for (String l : lines) {
            if (l.contains("guest_event_notify:")) {
                handlers.add(l.substring(0, l.indexOf(' ')));
            }
            if (l.contains("guest_irq:") && l.contains("vector=0xec") && !l.startsWith("guest" + REQUESTER + " ")) {
                disturbed.add(l.substring(0, l.indexOf(' ')));
            }
        }
        return new Measured(ms, count(lines, "guest_irq:", "vector=0xec"), handlers.size(), disturbed.size(),
                count(lines, "guest_tdvmcall:", ""), count(lines, "kvm_userspace_exit:", "(40)"),
                count(lines, "vmm_notify_msi:", ""));
    }

    private static BigDecimal time(List<String> lines, String event) {
        String line = lines.stream().filter(l -> l.contains(event)).findFirst().orElseThrow();
        String head = line.substring(0, line.indexOf(": "));
        return new BigDecimal(head.substring(head.lastIndexOf(' ') + 1));
    }

    private static long count(List<String> lines, String event, String with) {
        return lines.stream().filter(l -> l.contains(event) && l.contains(with)).count();
    }

    /** The table as the document must show it. */
    static List<String> table() {
        List<Measured> m = MODES.stream().map(EventNotifyDocTest::measure).toList();
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add("|---|---|---|---|");
        rows.add(row("time from GetQuote to the result", m.stream().map(Measured::completion).toList()));
        rows.add(row("interrupts taken (vector 0xec, all vCPUs)", m.stream().map(x -> "" + x.interrupts()).toList()));
        rows.add(row("vCPUs whose handler ran", m.stream().map(x -> "" + x.handlerVcpus()).toList()));
        rows.add(row("vCPUs disturbed besides the requester", m.stream().map(x -> "" + x.disturbed()).toList()));
        rows.add(row("vectors reserved (vCPUs where 0xec is the driver's)", List.of("0", "4", "1")));
        rows.add(row("TDVMCALLs made", m.stream().map(x -> "" + x.tdvmcalls()).toList()));
        rows.add(row("exits to userspace (KVM_EXIT_TDX)", m.stream().map(x -> "" + x.userspaceExits()).toList()));
        rows.add(row("MSIs the VMM sent", m.stream().map(x -> "" + x.msis()).toList()));
        return rows;
    }

    private static String row(String what, List<String> values) {
        return "| " + what + " | " + String.join(" | ", values) + " |";
    }

    private static List<String> doc() throws IOException {
        return Files.readAllLines(ROOT.resolve("docs/event-notify.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theModesTableIsWhatKvmemuMeasures() throws IOException {
        List<String> doc = doc();
        int at = doc.indexOf(HEADER);
        assertTrue(at >= 0, "docs/event-notify.md has the table");
        List<String> expected = table();
        assertEquals(String.join("\n", expected), String.join("\n", doc.subList(at, at + expected.size())));
    }

    @Test
    void everyGuestTdxExampleIsNamed() throws IOException {
        String doc = String.join("\n", doc());
        try (Stream<Path> files = Files.list(ROOT.resolve("examples/guest-tdx"))) {
            List<String> missing = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".scenario"))
                    .map(n -> n.substring(0, n.length() - ".scenario".length()))
                    .filter(n -> !doc.contains("`" + n + "`") && !n.startsWith("modes-side-by-side-")).sorted().toList();
            assertEquals(List.of(), missing);
        }
    }
}
