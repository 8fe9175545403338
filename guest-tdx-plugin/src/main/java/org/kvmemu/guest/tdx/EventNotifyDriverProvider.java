package org.kvmemu.guest.tdx;

import java.util.Map;
import java.util.Set;
import org.kvmemu.api.guest.GuestDriver;
import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.api.spi.SpiVersion;

/**
 * Guest driver {@code tdx-event-notify mode=vector|apic-id|polling [vector=V] [cpu=ID]}: the TD
 * guest's event-notify interrupt and GetQuote driver (event-notify.md §N.2). The scenario parser has checked
 * the arguments; {@link #create} checks them again for other callers.
 */
public final class EventNotifyDriverProvider implements GuestDriverProvider {

    /** The default vector: v8's {@code TDX_GUEST_EVENT_NOTIFY_VECTOR}. */
    static final int DEFAULT_VECTOR = 0xec;

    @Override
    public String name() {
        return "tdx-event-notify";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "the TD guest's event-notify interrupt and GetQuote driver (modes polling, vector, apic-id)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("mode", "vector", "cpu");
    }

    @Override
    public GuestDriver create(Map<String, String> args) {
        String mode = args.get("mode");
        if (mode == null) {
            throw new IllegalArgumentException("missing key 'mode' for driver tdx-event-notify");
        }
        EventNotifyMode m = EventNotifyMode.named(mode);
        if (args.containsKey("vector") && m == EventNotifyMode.POLLING) {
            throw new IllegalArgumentException("vector= is only for mode=vector or mode=apic-id");
        }
        if (args.containsKey("cpu") && m != EventNotifyMode.APIC_ID) {
            throw new IllegalArgumentException("cpu= is only for mode=apic-id");
        }
        int vector = args.containsKey("vector") ? (int) number(args.get("vector")) : DEFAULT_VECTOR;
        if (vector < 32 || vector > 255) {
            throw new IllegalArgumentException("vector " + args.get("vector")
                    + " is below 32 (driver tdx-event-notify needs 32..255)");
        }
        int cpu = args.containsKey("cpu") ? (int) number(args.get("cpu")) : 0;
        return new EventNotifyDriver(m, vector, cpu);
    }

    private static long number(String text) {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
