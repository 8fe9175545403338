package org.kvmemu.tdx.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.trace.Tracer;
import org.kvmemu.vmx.common.PiDesc;

/** The TDX module as the host sees it: SEAMCALLs, their status codes, and the trust boundary (behaviour.md §G). */
class TdxModuleTest {

    private final Invariants invariants = mock(Invariants.class);
    private final TdxModule module = new TdxModule(mock(Tracer.class), invariants);
    private final TdVcpu vp;

    TdxModuleTest() {
        KvmVcpu vcpu = mock(KvmVcpu.class);
        when(vcpu.kvm()).thenReturn(mock(Kvm.class));
        when(vcpu.task()).thenReturn("vcpu0");
        vp = module.createVcpu(module.createTd(false), vcpu, mock(Guest.class), new PiDesc());
    }

    /** The TD's architectural state is refused with TDX_METADATA_FIELD_NOT_READABLE and reported. */
    @ParameterizedTest
    @EnumSource(value = TdvpsField.class, names = {"GUEST_RFLAGS", "GUEST_INTERRUPTIBILITY", "GUEST_INTR_STATUS"})
    void readingATdsPrivateStateIsRefusedAndReported(TdvpsField field) {
        long[] data = {-1};
        assertEquals(TdxStatus.METADATA_FIELD_NOT_READABLE, module.vpRd(vp, field, data));
        assertEquals(0, data[0], "nothing leaks through the output register");
        verify(invariants).violated(eq(Invariants.PROTECTED_STATE_READ), eq("TDH.VP.RD of " + field + " on vcpu 0"),
                eq("vcpu0"), anyInt());
    }

    /** §D.5: KVM writes PEND_NMI and may read it back; no violation. */
    @Test
    void pendNmiIsWrittenAndReadBack() {
        long[] data = new long[1];
        assertEquals(TdxStatus.SUCCESS, module.vpWr(vp, TdvpsField.PEND_NMI, 1, 1));
        assertEquals(TdxStatus.SUCCESS, module.vpRd(vp, TdvpsField.PEND_NMI, data));
        assertEquals(1, data[0]);
        assertEquals(TdxStatus.SUCCESS, module.vpWr(vp, TdvpsField.PEND_NMI, 0xfe, 1));
        module.vpRd(vp, TdvpsField.PEND_NMI, data);
        assertEquals(0, data[0], "the write mask keeps the other bits out");
        verifyNoInteractions(invariants);
    }

    /** §D.13: the state details are read-only: a write fails and changes nothing. */
    @Test
    void stateDetailsAreReadOnly() {
        assertEquals(TdxStatus.METADATA_FIELD_NOT_WRITABLE,
                module.vpWr(vp, TdvpsField.TD_VCPU_STATE_DETAILS_NON_ARCH, 1, -1));
        long[] data = new long[1];
        assertEquals(TdxStatus.SUCCESS, module.vpRd(vp, TdvpsField.TD_VCPU_STATE_DETAILS_NON_ARCH, data));
        assertEquals(0, data[0], "no interrupt pending in a fresh TD");
    }

    /**
     * The trust boundary in the types: the TD's CPU, registers and virtual APIC are not public, a
     * vCPU handle has no public members, and the module's public surface is the SEAMCALLs alone.
     */
    @Test
    void onlySeamcallsReachTdState() {
        assertFalse(Modifier.isPublic(TdCpu.class.getModifiers()));
        assertFalse(Modifier.isPublic(TdVapic.class.getModifiers()));
        assertEquals(List.of(), Stream.concat(Arrays.stream(TdVcpu.class.getFields()),
                Arrays.stream(TdVcpu.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers())))
                .toList());
        assertEquals(List.of("createTd", "createVcpu", "vpEnter", "vpRd", "vpWr"),
                Arrays.stream(TdxModule.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                        .map(Method::getName).sorted().toList());
        assertEquals(0, TdxModule.class.getModule().getDescriptor().exports().size(),
                "org.kvmemu.tdx exports nothing: plugins compiled against api cannot name the module");
    }

    /** No violation is reported for a legitimate read. */
    @Test
    void legitimateReadsAreNotReported() {
        module.vpRd(vp, TdvpsField.PEND_NMI, new long[1]);
        verify(invariants, org.mockito.Mockito.never()).violated(anyString(), anyString(), anyString(), anyInt());
    }
}
