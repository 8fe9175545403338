package org.kvmemu.api.scenario;

/**
 * Checks vCPU ids, physical-CPU ids and APIC IDs against the machine: vCPU {@code i} has APIC ID
 * {@code i}.
 *
 * @param machine the scenario's machine statement
 */
record ParseIds(MachineSpec machine) {

    /** The MSI destination that broadcasts to every APIC. */
    static final int BROADCAST = 0xff;

    /** A vCPU id below {@code vcpus}. */
    int vcpu(ParseLine line, LexToken token) throws ScenarioException {
        return below(line, token, "vcpu", machine.vcpus());
    }

    /** A physical-CPU id below {@code pcpus}. */
    int pcpu(ParseLine line, LexToken token) throws ScenarioException {
        return below(line, token, "pcpu", machine.pcpus());
    }

    /** The APIC ID of one of the machine's vCPUs, or {@link #BROADCAST} when {@code broadcast} allows it. */
    int apicId(ParseLine line, LexToken token, boolean broadcast) throws ScenarioException {
        long id = ParseValues.number(line, token);
        if (broadcast && id == BROADCAST) {
            return BROADCAST;
        }
        if (id >= machine.vcpus()) {
            throw line.error(token, "apic id " + token.text() + " out of range (machine has "
                    + plural(machine.vcpus(), "vcpu") + (broadcast ? "; 0xff broadcasts" : "") + ")");
        }
        return (int) id;
    }

    private static int below(ParseLine line, LexToken token, String what, int limit) throws ScenarioException {
        long id = ParseValues.number(line, token);
        if (id >= limit) {
            throw line.error(token, what + " " + token.text() + " out of range (machine has " + plural(limit, what) + ")");
        }
        return (int) id;
    }

    private static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
