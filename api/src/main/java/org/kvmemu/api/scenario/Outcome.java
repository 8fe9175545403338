package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.GuestLog;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.MpState;
import org.kvmemu.api.kvm.VcpuStats;
import org.kvmemu.api.trace.output.TraceCollector;
import org.kvmemu.api.vmm.VcpuIoctl;

/**
 * A finished run as the expectations see it: the machine (its guests' observation logs and their
 * own view of their state, userspace's counts, KVM's statistics and VM state, the violations) and
 * the texts the trace was searched for.
 *
 * @param machine the machine after the run
 * @param trace   what {@code expect trace contains} asked about
 */
record Outcome(Machine machine, TraceCollector trace) {

    /** vCPU {@code vcpu}'s observation log. */
    GuestLog log(int vcpu) {
        return machine.guests.get(vcpu).log();
    }

    /** The exits to userspace of {@code vcpu}, as {@code NAME xN,...}, or {@code none}. */
    String exitNames(int vcpu) {
        SortedMap<Integer, Long> exits = machine.vmm.exits(vcpu);
        return exits.isEmpty() ? "none" : String.join(",", exits.entrySet().stream()
                .map(e -> KvmExitReasons.name(e.getKey()) + " x" + e.getValue()).toList());
    }

    /** What userspace and the guest observed of {@code vcpu}. */
    VcpuReport report(int vcpu) {
        SortedMap<String, Long> exits = new TreeMap<>();
        machine.vmm.exits(vcpu).forEach((reason, n) -> exits.put(KvmExitReasons.name(reason), n));
        SortedMap<String, String> ioctls = new TreeMap<>();
        for (VcpuIoctl kind : VcpuIoctl.values()) {
            SortedMap<Integer, Long> results = machine.vmm.ioctlResults(vcpu, kind);
            if (!results.isEmpty()) {
                ioctls.put(kind.kernelName(), String.join(",", results.entrySet().stream()
                        .map(e -> Errno.name(e.getKey()) + " x" + e.getValue()).toList()));
            }
        }
        KvmVcpu v = machine.kvm.vcpu(vcpu);
        Map<String, Long> stats = new LinkedHashMap<>();
        VcpuStats.NAMES.forEach(name -> stats.put(name, v.stat().get(name)));
        return new VcpuReport(List.copyOf(log(vcpu).entries()), exits, ioctls, stats, v.arch.mpState.scenarioName());
    }

    /**
     * {@code bugged} or {@code dead} as KVM sees the VM; else what the backend reports of the state
     * it owns ({@code td-fatal}); else {@code running}.
     */
    String vmState() {
        if (machine.kvm.isBugged()) {
            return "bugged";
        }
        if (machine.kvm.isDead()) {
            return "dead";
        }
        String vendor = machine.kvm.ops().vendorVmState();
        return vendor != null ? vendor : "running";
    }

    /** The value of {@code expect guest} state {@code name} on {@code vcpu}, as the guest itself sees it. */
    String guestValue(int vcpu, String name) {
        GuestInterpreter.Observation g = machine.guests.get(vcpu).observe();
        KvmVcpu v = machine.kvm.vcpu(vcpu);
        return switch (name) {
            case "if" -> g.ifFlag() ? "1" : "0";
            case "halted" -> g.halted() || v.arch.mpState == MpState.HALTED ? "yes" : "no";
            case "tpr" -> Integer.toString(g.tpr());
            case "nmi-blocked" -> g.nmiBlocked() ? "yes" : "no";
            case "smm" -> g.inSmm() ? "yes" : "no";
            case "mp-state" -> v.arch.mpState.scenarioName();
            default -> throw new IllegalArgumentException("no guest state " + name);
        };
    }

    /** Vectors written as numbers ({@code 48}, {@code 0x30}) as the log writes them ({@code 0x30}). */
    static List<String> normalizeVectors(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            if (item.matches("0[xX][0-9a-fA-F]+|[0-9]+")) {
                out.add("0x" + Integer.toHexString(Integer.decode(item)));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** The first entries of {@code log}, for a message. */
    static String abbreviate(GuestLog log) {
        if (log.length() == 0) {
            return "empty";
        }
        return String.join(" ", log.entries(12)) + (log.length() > 12 ? " ..." : "");
    }
}
