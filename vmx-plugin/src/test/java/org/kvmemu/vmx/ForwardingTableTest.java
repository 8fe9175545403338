package org.kvmemu.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.spi.ForwardingX86Ops;
import org.kvmemu.api.spi.OpsCheck;
import org.kvmemu.api.spi.X86Ops;

/**
 * A table that overrides a subset of another by delegation, as {@code vmx/main.c} wraps the VMX
 * functions: it passes the load-time check and has exactly the hooks its delegate has, plus the
 * optional ones it adds itself.
 */
class ForwardingTableTest {

    private final X86Ops vmx = new VmxOps();

    /** Three hooks overridden: two required ones and {@code protected_apic_has_interrupt}, which VMX lacks. */
    private final X86Ops wrapped = new ForwardingX86Ops(vmx) {
        @Override
        public int interruptAllowed(KvmVcpu vcpu, boolean forInjection) {
            return 1;
        }

        @Override
        public void injectNmi(KvmVcpu vcpu) {
        }

        @Override
        public boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
            return true;
        }
    };

    @Test
    void theVmxTableHasItsOptionalHooksAndNotTheTdOne() {
        assertTrue(vmx.has("sync_pir_to_irr"));
        assertTrue(vmx.has("hwapic_isr_update"));
        assertFalse(vmx.has("protected_apic_has_interrupt"));
    }

    @Test
    void aForwardingTablePassesTheLoadTimeCheck() {
        assertEquals(List.of(), OpsCheck.missingRequired(wrapped));
    }

    @Test
    void aForwardingTableAnswersHasLikeItsDelegateExceptForWhatItAdds() {
        for (String hook : OpsCheck.hookNames()) {
            boolean expected = hook.equals("protected_apic_has_interrupt") || vmx.has(hook);
            assertEquals(expected, wrapped.has(hook), hook);
        }
    }
}
