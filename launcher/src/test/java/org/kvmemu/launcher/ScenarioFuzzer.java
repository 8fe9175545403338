package org.kvmemu.launcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes fuzz inputs, seeded and deterministic (input {@code i} of seed {@code s} is always the
 * same bytes): scenarios generated from the language (odd but valid machines: IPI storms, NMIs in
 * NMI handlers, handlers that never EOI, many vCPUs on one CPU), the examples mutated (tokens
 * dropped, swapped or replaced by extreme numbers, unknown keys, unicode, CRLF, NUL bytes,
 * garbage), and command-line misuse.
 */
final class ScenarioFuzzer {

    /** One input: the scenario file's bytes and the command line, where {@code FILE} stands for the file. */
    record Input(byte[] file, List<String> args) {
    }

    static final String FILE = "\u0000FILE";

    private static final String[] DURATIONS = {"0", "1ns", "7ns", "100ns", "1us", "2us", "5us", "10us", "50us",
        "99us", "100us", "200us", "1ms", "2ms", "1s", "4294967295ns", "4294967296ns", "5s", "1000000000s",
        "1000000001s", "9223372036854775807ns", "9223372036854775806ns", "18446744073709551615ns"};
    private static final String[] NUMBERS = {"0", "1", "2", "3", "7", "15", "16", "31", "32", "48", "0x30", "0x40",
        "0xef", "0xf1", "0xf2", "0xff", "255", "256", "0xffffffff", "4294967296", "9223372036854775807",
        "9223372036854775808", "18446744073709551615", "0x7fffffffffffffff", "0xffffffffffffffff", "-1", "00", "0x"};
    private static final String[] WORDS = {"machine", "vcpu", "handler", "at", "run", "expect", "guest",
        "tdx-module", "sti", "cli", "hlt", "sti-hlt", "spin", "tpr", "ipi", "timer", "mark", "tdvmcall", "nmi", "mc",
        ";", ":", "=", "\"", "#", "x=1", "vector=", "=0x30", "backend=vmx", "vm=td", "été", "\u202e", "😀", "\t",
        "\u00a0", "\uFEFF", "until=", "count=", "mode=init", "mode=sipi", "mode=nmi", "mode=smi", "mode=lowest"};
    private static final String[] OPTIONS = {"--trace", "--trace-format", "--seed", "--backend", "--output",
        "--stats", "--help", "--stacktrace", "--plugins", "-x", "--", "-"};

    private final SplittableRandom random;
    private final List<String> examples;

    /** A fuzzer whose inputs follow from {@code seed}; {@code examples} are texts to mutate. */
    ScenarioFuzzer(long seed, List<String> examples) {
        this.random = new SplittableRandom(seed);
        this.examples = examples;
    }

    /** The next input. */
    Input next() {
        int kind = random.nextInt(100);
        if (kind < 45) {
            return withArgs(generated().getBytes(StandardCharsets.UTF_8));
        }
        if (kind < 90) {
            return withArgs(mutated());
        }
        return misuse();
    }

    private Input withArgs(byte[] file) {
        List<String> args = new ArrayList<>();
        int how = random.nextInt(10);
        if (how == 0) {
            args.add("check");
        } else {
            args.add("run");
            if (how < 4) {
                args.add("--trace");
                args.add(pick("-*", "kvm_*", "*,-guest_*", "pi_*"));
            } else if (how == 4) {
                args.add("--trace-format");
                args.add(pick("json", "perfetto", "text"));
            } else if (how == 5) {
                args.add("--seed");
                args.add(pick(NUMBERS));
            } else if (how == 6) {
                args.add("--backend");
                args.add(pick("vmx", "tdx", "svm"));
            }
        }
        args.add(FILE);
        if (random.nextInt(20) == 0) {
            args.add(0, "--stacktrace");
        }
        return new Input(file, args);
    }

    private Input misuse() {
        List<String> args = new ArrayList<>();
        int n = random.nextInt(6);
        if (random.nextBoolean()) {
            args.add(pick("run", "check", "list", "help", "demo-not", "--version", "run", "run"));
        }
        for (int i = 0; i < n; i++) {
            int what = random.nextInt(4);
            args.add(what == 0 ? pick(OPTIONS) : what == 1 ? FILE : what == 2 ? pick(NUMBERS) : pick(WORDS));
        }
        return new Input(generated().getBytes(StandardCharsets.UTF_8), args);
    }

    // ---- generated scenarios -----------------------------------------------------------------

    private String generated() {
        StringBuilder s = new StringBuilder();
        boolean td = random.nextInt(4) == 0;
        int vcpus = 1 + random.nextInt(random.nextInt(8) == 0 ? 8 : 3);
        int pcpus = 1 + random.nextInt(3);
        s.append("machine backend=").append(td ? "tdx vm=td" : pick("vmx", "vmx", "tdx"))
                .append(" vcpus=").append(vcpus).append(" pcpus=").append(pcpus);
        if (!td && random.nextBoolean()) {
            s.append(" apicv=").append(pick("on", "off"));
        }
        if (random.nextInt(3) == 0) {
            s.append(" ipiv=").append(pick("on", "off"));
        }
        if (random.nextInt(6) == 0) {
            s.append(" timer-advance=").append(pick("0", "1us", "5us", "100us"));
        }
        if (td && random.nextInt(3) == 0) {
            s.append(" tdx-variant=").append(pick("final", "v1"));
        }
        s.append('\n');
        if (td && random.nextInt(3) == 0) {
            s.append("tdx-module nmi-unblock-after-seamret=").append(pick("yes", "no")).append('\n');
        }
        for (int v = 0; v < vcpus; v++) {
            if (random.nextInt(4) != 0) {
                s.append("vcpu ").append(v).append(": ").append(program(vcpus)).append('\n');
            }
        }
        int handlers = random.nextInt(3);
        for (int i = 0; i < handlers; i++) {
            s.append("handler ").append(pick("nmi", "mc", "0x30", "0x40", "0xef", "0x50"));
            if (random.nextBoolean()) {
                s.append(" spin=").append(shortDuration());
            }
            if (random.nextInt(3) == 0) {
                s.append(" eoi=no");
            }
            if (random.nextInt(3) == 0) {
                s.append(" mark=h").append(i);
            }
            s.append('\n');
        }
        int events = random.nextInt(6);
        for (int i = 0; i < events; i++) {
            s.append("at ").append(shortDuration()).append(' ').append(event(vcpus, pcpus)).append('\n');
        }
        if (random.nextInt(8) != 0) {
            s.append("run until=").append(pick("10us", "100us", "200us", "500us", "1ms", "2ms"));
            if (random.nextInt(6) == 0) {
                s.append(" max-events=").append(pick("1", "10", "1000"));
            }
            s.append('\n');
        } else {
            s.append("run max-events=").append(pick("1000", "100000")).append('\n');
        }
        int expectations = random.nextInt(4);
        for (int i = 0; i < expectations; i++) {
            s.append(expectation(vcpus)).append('\n');
        }
        return s.toString();
    }

    private String program(int vcpus) {
        List<String> insns = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            insns.add(switch (random.nextInt(11)) {
                case 0 -> "sti";
                case 1 -> "cli";
                case 2 -> "hlt";
                case 3 -> "sti-hlt";
                case 4, 5 -> "spin " + shortDuration();
                case 6 -> "tpr " + random.nextInt(16);
                case 7, 8 -> ipi(vcpus);
                case 9 -> "timer mode=" + pick("oneshot", "periodic", "tsc-deadline") + " vector="
                        + pick("0xef", "0x30", "0x40") + " after=" + pick("1us", "10us", "50us", "200us", "1ms");
                default -> "mark m" + random.nextInt(3);
            });
        }
        return String.join(" ; ", insns);
    }

    private String ipi(int vcpus) {
        String mode = pick("fixed", "fixed", "fixed", "nmi", "smi", "init", "sipi", "lowest");
        String dest = random.nextInt(6) == 0 ? "0xffffffff" : Integer.toString(random.nextInt(vcpus));
        String shorthand = random.nextInt(5) == 0 ? " shorthand=" + pick("self", "all", "others") : "";
        String vector = mode.equals("fixed") || mode.equals("lowest") || mode.equals("sipi")
                ? " vector=" + pick("0x30", "0x40", "0x50", "0x9a") : "";
        return "ipi " + dest + " mode=" + mode + vector + shorthand;
    }

    private String event(int vcpus, int pcpus) {
        int vcpu = random.nextInt(vcpus);
        int pcpu = random.nextInt(pcpus);
        return switch (random.nextInt(12)) {
            case 0, 1 -> "msi dest=" + (random.nextInt(5) == 0 ? "0xff" : vcpu) + " vector=" + pick("0x30", "0x40", "0xef")
                    + (random.nextInt(4) == 0 ? " mode=" + pick("init", "nmi", "smi", "lowest", "sipi") : "")
                    + (random.nextInt(4) == 0 ? " trigger=" + pick("edge", "level") : "");
            case 2 -> "ioctl nmi vcpu=" + vcpu;
            case 3 -> "ioctl smi vcpu=" + vcpu;
            case 4 -> "ioctl interrupt vcpu=" + vcpu + " vector=0x" + Integer.toHexString(32 + random.nextInt(200));
            case 5 -> "host-irq pcpu=" + pcpu + " vector=" + pick("0xec", "0xf2", "0xf1", "0x30");
            case 6 -> "host-nmi pcpu=" + pcpu;
            case 7 -> "host-smi pcpu=" + pcpu + (random.nextBoolean() ? " msmi=yes" : "");
            case 8 -> "machine-check vcpu=" + vcpu;
            case 9 -> "exception vcpu=" + vcpu + " vector=" + pick("1", "6", "14", "17", "18", "13");
            case 10 -> "preempt vcpu=" + vcpu + " for=" + shortDuration();
            default -> random.nextBoolean() ? "ept-violation vcpu=" + vcpu
                    : "ioctl " + pick("get-lapic", "set-lapic", "set-guest-debug blockirq=yes") + " vcpu=" + vcpu;
        };
    }

    private String expectation(int vcpus) {
        int vcpu = random.nextInt(vcpus);
        return switch (random.nextInt(8)) {
            case 0 -> "expect delivered vcpu=" + vcpu + " " + pick("nmi", "mc", "vector=0x30", "vector=0x40")
                    + " count=" + random.nextInt(3);
            case 1 -> "expect mark vcpu=" + vcpu + " m0 count=" + random.nextInt(3);
            case 2 -> "expect order vcpu=" + vcpu + " " + pick("nmi m0", "0x30 0x40", "mc", "m0 m1 nmi");
            case 3 -> "expect no-violations";
            case 4 -> "expect violation " + pick("lost-interrupt", "nmi-while-blocked", "vcpu-livelock");
            case 5 -> "expect guest vcpu=" + vcpu + " " + pick("if=1", "halted=yes", "smm=no", "tpr=0", "nmi-blocked=no");
            case 6 -> "expect vm-state " + pick("running", "bugged", "dead", "td-fatal");
            default -> "expect trace contains \"" + pick("kvm_inj_virq", "guest_nmi", "été") + "\"";
        };
    }

    private String shortDuration() {
        return random.nextInt(20) == 0 ? pick(DURATIONS) : (1 + random.nextInt(150)) + pick("us", "us", "ns", "00ns");
    }

    // ---- mutated examples ------------------------------------------------------------------

    private byte[] mutated() {
        String text = examples.get(random.nextInt(examples.size()));
        List<String> lines = new ArrayList<>(text.lines().toList());
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            List<String> tokens = new ArrayList<>(List.of(lines.get(at).split(" ", -1)));
            int t = random.nextInt(tokens.size());
            switch (random.nextInt(12)) {
                case 0 -> tokens.remove(t);
                case 1 -> {
                    int u = random.nextInt(tokens.size());
                    String x = tokens.get(t);
                    tokens.set(t, tokens.get(u));
                    tokens.set(u, x);
                }
                case 2 -> tokens.set(t, replaceNumber(tokens.get(t)));
                case 3 -> tokens.add(t, pick("colour=red", "vectr=0x30", "x", "=", "count=", "vcpu=99"));
                case 4 -> tokens.add(t, pick(WORDS));
                case 5 -> lines.remove(at);
                case 6 -> lines.add(at, lines.get(at));
                case 7 -> tokens.set(t, tokens.get(t).substring(0, random.nextInt(tokens.get(t).length() + 1)));
                case 8 -> tokens.set(t, tokens.get(t).replaceAll("[0-9]+(n|u|m)?s", pick(DURATIONS)));
                case 9 -> tokens.set(t, tokens.get(t) + pick("\u0000", "\r", "\u00e9", "\u202e", "\\", "\""));
                default -> lines.set(at, String.join(" ", tokens).toUpperCase(java.util.Locale.ROOT));
            }
            if (at < lines.size()) {
                lines.set(at, String.join(" ", tokens));
            }
        }
        String separator = random.nextInt(8) == 0 ? "\r\n" : random.nextInt(20) == 0 ? "\r" : "\n";
        byte[] bytes = (String.join(separator, lines) + separator).getBytes(StandardCharsets.UTF_8);
        int raw = random.nextInt(12);
        if (raw == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(128));
        } else if (raw == 1) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            return garbage;
        } else if (raw == 2 && bytes.length > 0) {
            return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        } else if (raw == 3) {
            return new byte[0];
        }
        return bytes;
    }

    private String replaceNumber(String token) {
        int eq = token.indexOf('=');
        String extreme = random.nextBoolean() ? pick(NUMBERS) : pick(DURATIONS);
        return eq >= 0 ? token.substring(0, eq + 1) + extreme : extreme;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
