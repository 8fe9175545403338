package org.kvmemu.api.trace.output;

import org.kvmemu.api.trace.TraceRecord;

/**
 * One timeline of the perfetto output: a Chrome-trace thread. Physical CPUs are process 1 with the
 * CPU number as thread id; vCPUs are process 2 with the vCPU index as thread id.
 */
record PerfettoTrack(int pid, int tid) implements Comparable<PerfettoTrack> {

    /** The process holding one track per physical CPU. */
    static final int CPUS = 1;
    /** The process holding one track per vCPU. */
    static final int VCPUS = 2;

    /** The track a record belongs on: {@code vcpuN} and {@code guestN} on vCPU N, anything else on its CPU. */
    static PerfettoTrack of(TraceRecord record) {
        int vcpu = vcpuIndex(record.task());
        return vcpu >= 0 ? new PerfettoTrack(VCPUS, vcpu) : new PerfettoTrack(CPUS, record.cpu());
    }

    /** N for {@code vcpuN} or {@code guestN}, otherwise -1. */
    static int vcpuIndex(String task) {
        String digits;
        if (task.startsWith("vcpu")) {
            digits = task.substring(4);
        } else if (task.startsWith("guest")) {
            digits = task.substring(5);
        } else {
            return -1;
        }
        if (digits.isEmpty() || digits.length() > 9) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    /** The process's name in the viewer. */
    static String processName(int pid) {
        return pid == CPUS ? "physical CPUs" : "vCPUs";
    }

    /** The track's name in the viewer: {@code cpu N} or {@code vcpu N}. */
    String name() {
        return (pid == CPUS ? "cpu " : "vcpu ") + tid;
    }

    @Override
    public int compareTo(PerfettoTrack o) {
        return pid != o.pid ? Integer.compare(pid, o.pid) : Integer.compare(tid, o.tid);
    }
}
