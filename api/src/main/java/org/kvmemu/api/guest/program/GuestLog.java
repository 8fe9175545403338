package org.kvmemu.api.guest.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmemu.api.annotation.API;

/**
 * The guest's observation log: every delivery its handlers saw and every mark its program reached,
 * in order, as packed words (kind and value) so that recording allocates nothing once labels are
 * known.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class GuestLog {

    private static final int IRQ = 0;
    private static final int NMI = 1;
    private static final int MC = 2;
    private static final int MARK = 3;
    private static final int SIPI = 4;

    private final long[] irqCounts = new long[256];
    private long nmiCount;
    private long mcCount;
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private long[] entries = new long[64];
    private int size;
    private int limit = Integer.MAX_VALUE;
    private boolean truncated;
    private long[] markCounts = new long[8];
    private final List<Tdvmcall> tdvmcalls = new ArrayList<>();
    private final List<QuoteResult> quoteResults = new ArrayList<>();
    private long notifyCount;

    /** One TDG.VP.VMCALL the guest made: its name and R10..R14 when it returned. */
    public record Tdvmcall(String name, long r10, long r11, long r12, long r13, long r14) {
    }

    /** One Quote request's result (0 or -errno), the bytes it handed out, and when it was recorded. */
    public record QuoteResult(int result, long bytes, long timeNs) {
    }

    /** Records a TDG.VP.VMCALL that returned. */
    public void tdvmcall(Tdvmcall call) {
        tdvmcalls.add(call);
    }

    /** The TDG.VP.VMCALLs made, in order. */
    public List<Tdvmcall> tdvmcalls() {
        return Collections.unmodifiableList(tdvmcalls);
    }

    /** Records a Quote request's result. */
    public void quoteResult(QuoteResult result) {
        quoteResults.add(result);
    }

    /** The Quote results recorded, in order. */
    public List<QuoteResult> quoteResults() {
        return Collections.unmodifiableList(quoteResults);
    }

    /** Records a run of the event-notify driver's handler. */
    public void notified() {
        notifyCount++;
    }

    /** Runs of the event-notify driver's handler. */
    public long notifyCount() {
        return notifyCount;
    }

    /** Records a fixed-vector delivery. */
    public void irq(int vector) {
        irqCounts[vector]++;
        add(IRQ, vector);
    }

    /** Records an NMI delivery. */
    public void nmi() {
        nmiCount++;
        add(NMI, 0);
    }

    /** Records a machine-check delivery. */
    public void machineCheck() {
        mcCount++;
        add(MC, 0);
    }

    /** Records that the vCPU was started by a SIPI. */
    public void sipi(int vector) {
        add(SIPI, vector);
    }

    /** Records that {@code label} was reached. */
    public void mark(String label) {
        Integer id = labelIds.get(label);
        if (id == null) {
            id = labels.size();
            labels.add(label);
            labelIds.put(label, id);
            if (id >= markCounts.length) {
                markCounts = Arrays.copyOf(markCounts, markCounts.length * 2);
            }
        }
        markCounts[id]++;
        add(MARK, id);
    }

    /** Deliveries of {@code vector}. */
    public long irqCount(int vector) {
        return irqCounts[vector];
    }

    /** NMI deliveries. */
    public long nmiCount() {
        return nmiCount;
    }

    /** Machine-check deliveries. */
    public long machineCheckCount() {
        return mcCount;
    }

    /** Interrupts and NMIs handled in all. */
    public long deliveries() {
        long n = nmiCount + mcCount;
        for (long c : irqCounts) {
            n += c;
        }
        return n;
    }

    /** Times {@code label} was reached. */
    public long markCount(String label) {
        Integer id = labelIds.get(label);
        return id == null ? 0 : markCounts[id];
    }

    /**
     * The log as words, oldest first: a vector as hex ({@code 0x30}), {@code nmi}, {@code mc},
     * {@code sipi}, or a mark's label.
     */
    public List<String> entries() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long e = entries[i];
            int value = (int) e;
            out.add(switch ((int) (e >>> 32)) {
                case IRQ -> "0x" + Integer.toHexString(value);
                case NMI -> "nmi";
                case MC -> "mc";
                case SIPI -> "sipi";
                default -> labels.get(value);
            });
        }
        return out;
    }

    /**
     * Keeps at most {@code maxEntries} ordered entries (counts are always kept), so that a long run
     * (a benchmark) neither grows memory nor allocates; later entries are dropped and
     * {@link #truncated()} says so.
     */
    public void limitEntries(int maxEntries) {
        limit = maxEntries;
    }

    /** Whether entries were dropped because of {@link #limitEntries}. */
    public boolean truncated() {
        return truncated;
    }

    private void add(int kind, int value) {
        if (size >= limit) {
            truncated = true;
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = ((long) kind << 32) | (value & 0xffffffffL);
    }
}
