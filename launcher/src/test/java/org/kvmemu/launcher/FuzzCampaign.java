package org.kvmemu.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@link ScenarioFuzzer} inputs through the launcher in this JVM ({@link Launcher#execute},
 * as {@code kvmemu ARGS...} would) and tallies what the issue's figures ask for: exit codes,
 * internal errors, slow runs, exit-2 scenario messages without their three parts, raw stack
 * traces, a determinism sample and trace-on versus trace-off agreement. A run still going after
 * 10 s is stopped (a valid scenario may ask for years of virtual time) and counted as slow.
 */
final class FuzzCampaign {

    /** A run slower than this counts as slow. */
    static final long SLOW_NS = 10_000_000_000L;
    /** The exit code tallied for a run the watchdog stopped. */
    static final int STOPPED = -1;
    /** How much of standard output is kept (the summary is at its end); the rest is digested. */
    private static final int TAIL = 16_384;
    private static final Pattern LOCATED = Pattern.compile("^(.*):(\\d+):(\\d+): .+");

    /** The tallies, and a few example inputs of each problem. */
    static final class Report {
        final Map<Integer, Long> byExit = new TreeMap<>();
        final Map<String, List<String>> problems = new TreeMap<>();
        long inputs;
        long slow;
        long slowestNs;
        long deterministicChecked;
        final TreeMap<Long, String> slowest = new TreeMap<>();
        long traceAgreementChecked;

        long count(String problem) {
            return problems.getOrDefault(problem, List.of()).size();
        }

        void problem(String kind, String detail) {
            List<String> list = problems.computeIfAbsent(kind, k -> new ArrayList<>());
            list.add(detail);
        }

        private Report report() {
            return this;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append("inputs ").append(inputs).append(", by exit code ").append(byExit)
                    .append(", over 10 s ").append(slow).append(", slowest ").append(slowestNs / 1_000_000).append(" ms")
                    .append(", determinism checked ").append(deterministicChecked)
                    .append(", trace on/off checked ").append(traceAgreementChecked).append('\n');
            report().slowest.descendingMap().forEach((ns, where) -> s.append("slow-ish ").append(ns / 1_000_000)
                    .append(" ms ").append(where.replace("\n", "\n    ")).append('\n'));
            problems.forEach((kind, list) -> {
                s.append(kind).append(": ").append(list.size()).append('\n');
                list.stream().limit(3).forEach(d -> s.append("    ").append(d.replace("\n", "\n    ")).append('\n'));
            });
            return s.toString();
        }
    }

    private final Path dir;
    private final List<String> examples;

    /** A campaign writing its inputs in {@code dir}, mutating the bundled examples. */
    FuzzCampaign(Path dir) {
        this.dir = dir;
        this.examples = examples();
    }

    private static List<String> examples() {
        try (Stream<Path> vmx = Files.list(Path.of("..", "examples", "vmx"));
             Stream<Path> tdx = Files.list(Path.of("..", "examples", "tdx"))) {
            List<String> texts = new ArrayList<>();
            for (Path p : Stream.concat(vmx, tdx).sorted().toList()) {
                texts.add(Files.readString(p));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs inputs {@code 0..count-1} of {@code seed}; every {@code sampleEvery}-th run is also re-checked. */
    Report run(long seed, int count, int sampleEvery) throws IOException {
        ScenarioFuzzer fuzzer = new ScenarioFuzzer(seed, examples);
        Report report = new Report();
        Path file = dir.resolve("fuzz.scenario");
        for (int i = 0; i < count; i++) {
            ScenarioFuzzer.Input input = fuzzer.next();
            Files.write(file, input.file());
            String[] args = input.args().stream().map(a -> a.equals(ScenarioFuzzer.FILE) ? file.toString() : a)
                    .toArray(String[]::new);
            long start = System.nanoTime();
            LauncherRun r = withWatchdog(args);
            long ns = System.nanoTime() - start;
            report.inputs++;
            report.byExit.merge(r == null ? STOPPED : r.exit(), 1L, Long::sum);
            report.slowestNs = Math.max(report.slowestNs, ns);
            String where = "#" + i + " " + String.join(" ", args) + "\n" + new String(input.file(), StandardCharsets.UTF_8)
                    .lines().limit(12).reduce("", (a, b) -> a + b + "\n");
            report.slowest.put(ns, where);
            if (report.slowest.size() > 3) {
                report.slowest.pollFirstEntry();
            }
            if (r == null) {
                report.slow++;
                report.problem("slow", "stopped after " + SLOW_NS / 1_000_000_000 + " s " + where);
                continue;
            }
            if (ns > SLOW_NS) {
                report.slow++;
                report.problem("slow", ns / 1_000_000 + " ms " + where);
            }
            classify(report, input, args, file, r, where);
            if (i % sampleEvery == 0 && (r.exit() == 0 || r.exit() == 1) && args[0].equals("run")
                    && args.length == 2) {
                recheck(report, file, r, where);
            }
        }
        return report;
    }

    /** The run on its own thread, stopped when it takes longer than {@link #SLOW_NS}; null then. */
    @SuppressWarnings("deprecation")
    private static LauncherRun withWatchdog(String[] args) {
        LauncherRun[] result = new LauncherRun[1];
        Thread run = new Thread(() -> result[0] = LauncherRun.digested(TAIL, args), "fuzz-run");
        run.start();
        try {
            run.join(SLOW_NS / 1_000_000);
            if (run.isAlive()) {
                run.stop();
                run.join();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return result[0];
    }

    private static void classify(Report report, ScenarioFuzzer.Input input, String[] args, Path file,
                                 LauncherRun r, String where) {
        if (r.exit() < ExitCode.OK || r.exit() > ExitCode.INTERNAL_FAILURE) {
            report.problem("exit code outside 0..3", r.exit() + " " + where);
        }
        boolean stackTraceAsked = input.args().contains("--stacktrace");
        if (!stackTraceAsked && (r.err().contains("\n\tat ") || r.out().contains("\n\tat "))) {
            report.problem("raw stack trace", r.err() + where);
        }
        if (r.exit() == 3) {
            String first = r.err().lines().filter(l -> l.startsWith("kvmemu:")).findFirst().orElse(r.err());
            report.problem("internal error", first + "\n" + where);
        }
        if (r.exit() == 2 && args.length > 0 && args[0].equals("run") && r.err().startsWith(file.toString() + ":")) {
            List<String> lines = r.err().lines().toList();
            boolean ok = lines.size() == 3 && LOCATED.matcher(lines.get(0)).matches()
                    && lines.get(2).matches(" *(\\.\\.\\.)?\\^|^ *\\^");
            if (ok) {
                var m = LOCATED.matcher(lines.get(0));
                m.matches();
                int column = Integer.parseInt(m.group(3));
                ok = lines.get(2).endsWith("^") && (lines.get(2).length() == column
                        || lines.get(1).startsWith("...") || lines.get(1).length() > 120);
            }
            if (!ok) {
                report.problem("exit-2 message without FILE:LINE:COL, line and caret", r.err() + where);
            }
        }
    }

    /** The same run again (byte-identical?) and without a trace (the same summary?). */
    private static void recheck(Report report, Path file, LauncherRun first, String where) {
        LauncherRun again = LauncherRun.digested(TAIL, "run", file.toString());
        report.deterministicChecked++;
        if (!again.out().equals(first.out()) || again.exit() != first.exit()) {
            report.problem("not deterministic", where);
        }
        LauncherRun untraced = LauncherRun.digested(TAIL, "run", "--trace", "-*", file.toString());
        LauncherRun perfetto = LauncherRun.digested(TAIL, "run", "--trace-format", "perfetto", "--output",
                file.resolveSibling("trace.json").toString(), file.toString());
        report.traceAgreementChecked++;
        if (untraced.exit() != first.exit() || !summary(untraced.out()).equals(summary(first.out()))
                || perfetto.exit() != first.exit() || !summary(perfetto.out()).equals(summary(first.out()))) {
            report.problem("trace changes the outcome", "traced exit " + first.exit() + ", untraced " + untraced.exit()
                    + ", perfetto " + perfetto.exit() + "\n" + summary(first.out()) + "\nvs\n" + summary(untraced.out())
                    + "\n" + where);
        }
    }

    /** What follows the trace: the summary and the failed expectations. */
    private static String summary(String out) {
        int blank = out.lastIndexOf("\n\n");
        return blank < 0 ? out.substring(out.startsWith("\n") ? 1 : 0) : out.substring(blank + 2);
    }
}
