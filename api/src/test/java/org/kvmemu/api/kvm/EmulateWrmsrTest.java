package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmemu.api.apic.X2apicMsrs;

/** Spec §B: {@code kvm_emulate_wrmsr}: the write, then {@code trace_kvm_msr_write} (or {@code _ex}). */
class EmulateWrmsrTest {

    @Test
    void kvmEmulateWrmsrTracesTheWriteAfterTheLapicDidIt() {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu v = f.vcpu(0);
        v.apic().isr().set(0x30);
        assertEquals(0, v.emulateWrmsr(X2apicMsrs.EOI, 0));
        assertEquals(-1, v.apic().isr().highest());
        assertEquals("kvm_msr: msr_write 80b = 0x0", f.lines.get(f.lines.size() - 1));
        assertTrue(f.lines.indexOf("kvm_eoi: apicid 0 vector 48") < f.lines.size() - 1, f.lines.toString());
        assertFalse(v.arch.exceptionPending);
    }

    @Test
    void kvmEmulateWrmsrOfARegisterTheLapicRefusesTracesGpAndReturnsTheError() {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu v = f.vcpu(0);
        assertEquals(1, v.emulateWrmsr(X2apicMsrs.TDCR, 0x3));
        assertEquals("kvm_msr: msr_write 83e = 0x3 (#GP)", f.lines.get(f.lines.size() - 1));
        assertFalse(v.arch.exceptionPending, "completing it is the vendor's complete_emulated_msr");
    }
}
