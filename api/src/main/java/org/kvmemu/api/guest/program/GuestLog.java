package org.kvmemu.api.guest.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kvmemu.api.annotation.API;

/**
 * The guest's observation log: how many deliveries of each kind its handlers saw and how often each
 * mark was reached (always, whatever the length of the run), the first {@link #HEAD} entries in
 * order, and the orders it was asked to {@linkplain #follow follow}, matched as the entries come.
 * Memory stays flat however long the run; entries are packed words (kind and value), so recording
 * allocates nothing once labels are known.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class GuestLog {

    private static final int IRQ = 0;
    private static final int NMI = 1;
    private static final int MC = 2;
    private static final int MARK = 3;
    private static final int SIPI = 4;
    /** An item value that matches any entry of its kind (a {@code sipi} of any vector). */
    private static final int ANY = -1;
    private static final Pattern VECTOR = Pattern.compile("0x[0-9a-f]{1,2}");

    /** How many entries are kept in order (for the summary, messages and comparing runs). */
    public static final int HEAD = 4096;

    private final long[] irqCounts = new long[256];
    private long nmiCount;
    private long mcCount;
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private long[] entries = new long[64];
    private int size;
    private int limit = HEAD;
    private long length;
    private long[] markCounts = new long[8];
    private final Map<List<String>, Follower> followers = new HashMap<>();
    private Follower[] following = new Follower[0];

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
        int id = labelId(label);
        markCounts[id]++;
        add(MARK, id);
    }

    private int labelId(String label) {
        Integer id = labelIds.get(label);
        if (id == null) {
            id = labels.size();
            labels.add(label);
            labelIds.put(label, id);
            if (id >= markCounts.length) {
                markCounts = Arrays.copyOf(markCounts, markCounts.length * 2);
            }
        }
        return id;
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
     * The first {@link #HEAD} entries (fewer with {@link #limitEntries}) as words, oldest first: a
     * vector as hex ({@code 0x30}), {@code nmi}, {@code mc}, {@code sipi}, or a mark's label.
     */
    public List<String> entries() {
        return entries(size);
    }

    /** The first {@code max} kept entries, as {@link #entries()}. */
    public List<String> entries(int max) {
        int n = Math.min(max, size);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
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

    /** How many entries the whole run logged (kept or not). */
    public long length() {
        return length;
    }

    /**
     * Keeps at most {@code maxEntries} ordered entries (default {@link #HEAD}; counts and followed
     * orders are always kept), so that a benchmark neither grows memory nor allocates.
     */
    public void limitEntries(int maxEntries) {
        limit = Math.min(maxEntries, HEAD);
    }

    /**
     * From now on, watches whether {@code items} (words as {@link #entries()} writes them) occur in
     * this relative order, over every entry however long the run; {@link #inOrder} answers.
     */
    public void follow(List<String> items) {
        if (followers.containsKey(items)) {
            return;
        }
        long[] words = new long[items.size()];
        for (int i = 0; i < words.length; i++) {
            String item = items.get(i);
            words[i] = switch (item) {
                case "nmi" -> word(NMI, 0);
                case "mc" -> word(MC, 0);
                case "sipi" -> word(SIPI, ANY);
                default -> VECTOR.matcher(item).matches() ? word(IRQ, Integer.parseInt(item.substring(2), 16))
                        : word(MARK, labelId(item));
            };
        }
        Follower f = new Follower(words);
        followers.put(List.copyOf(items), f);
        following = Arrays.copyOf(following, following.length + 1);
        following[following.length - 1] = f;
    }

    /**
     * Whether the {@linkplain #follow followed} {@code items} occurred in this relative order.
     *
     * @throws IllegalStateException when {@code items} were not followed
     */
    public boolean inOrder(List<String> items) {
        Follower f = followers.get(items);
        if (f == null) {
            throw new IllegalStateException("order " + items + " was not followed");
        }
        return f.matched == f.items.length;
    }

    private void add(int kind, int value) {
        long word = word(kind, value);
        length++;
        for (Follower f : following) {
            if (f.matched < f.items.length && matches(f.items[f.matched], word)) {
                f.matched++;
            }
        }
        if (size >= limit) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, Math.min(size * 2, HEAD));
        }
        entries[size++] = word;
    }

    private static long word(int kind, int value) {
        return ((long) kind << 32) | (value & 0xffffffffL);
    }

    private static boolean matches(long item, long word) {
        return item == word || ((int) item == ANY && (item >>> 32) == (word >>> 32));
    }

    /** An order being watched: its items as words and how many have been seen in order. */
    private static final class Follower {
        final long[] items;
        int matched;

        Follower(long[] items) {
            this.items = items;
        }
    }
}
