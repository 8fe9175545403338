import org.kvmemu.api.spi.GuestDriverProvider;
import org.kvmemu.guest.tdx.EventNotifyDriverProvider;

/**
 * The TD guest's event-notify and GetQuote driver, guest driver {@code tdx-event-notify}: the
 * upstream Linux polling driver, the v8 patch's system vector on every CPU, and the review's
 * one-vector-on-one-CPU proposal. It sees only what a guest kernel sees: its vCPUs' TDVMCALLs,
 * interrupts and the TD's memory.
 */
module org.kvmemu.guest.tdx {
    requires org.kvmemu.api;

    provides GuestDriverProvider with EventNotifyDriverProvider;
}
