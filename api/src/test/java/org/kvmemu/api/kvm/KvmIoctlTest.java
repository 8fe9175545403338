package org.kvmemu.api.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

/** The ioctls' return codes, behaviour.md §A.2, and KVM_BUG_ON. */
class KvmIoctlTest {

    @Test
    void a2_kvmInterruptRejectsVectorsAbove255AndASecondPendingVector() {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu v = f.vcpu(0);
        assertEquals(-Errno.EINVAL, f.fd(0).interrupt(256));
        assertEquals(0, f.fd(0).interrupt(0x20));
        assertEquals(-Errno.EEXIST, f.fd(0).interrupt(0x21));
        assertTrue(v.testRequest(KvmRequests.EVENT));
    }

    @Test
    void a2_kvmNmiAlwaysReturnsZeroAndQueues() {
        KvmFixture f = new KvmFixture(1, false);
        KvmVcpu v = f.vcpu(0);
        assertEquals(0, f.fd(0).nmi());
        assertEquals(0, f.fd(0).nmi());
        assertEquals(2, v.arch.nmiQueued);
        assertTrue(v.testRequest(KvmRequests.NMI));
    }

    @Test
    void a2_kvmSmiDependsOnEmulatedSmbase() {
        KvmFixture f = new KvmFixture(1, false);
        when(f.ops.hasEmulatedMsr(f.kvm, Kvm.MSR_IA32_SMBASE)).thenReturn(false);
        assertEquals(-Errno.ENOTTY, f.fd(0).smi());
        when(f.ops.hasEmulatedMsr(f.kvm, Kvm.MSR_IA32_SMBASE)).thenReturn(true);
        assertEquals(0, f.fd(0).smi());
        assertTrue(f.vcpu(0).testRequest(KvmRequests.SMI));
    }

    @Test
    void d_kvmBugOnMarksTheVmBuggedAndDeadAndRequestsVmDead() {
        KvmFixture f = new KvmFixture(2, false);
        assertTrue(f.kvm.bugOn(true));
        assertTrue(f.kvm.isBugged());
        assertTrue(f.kvm.isDead());
        assertTrue(f.vcpu(0).testRequest(KvmRequests.VM_DEAD));
        assertTrue(f.vcpu(1).testRequest(KvmRequests.VM_DEAD));
    }

    @Test
    void d_afterKvmBugOnKvmRunReturnsEio() {
        KvmFixture f = new KvmFixture(1, false);
        int[] result = {1};
        f.fd(0).setRunListener((vcpu, r) -> result[0] = r);
        f.kvm.bugOn(true);

        f.fd(0).run();
        f.sim.run(1_000_000, 1000);

        assertEquals(-Errno.EIO, result[0]);
    }
}
