package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InaccessibleObjectException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;

/**
 * What a plugin compiled against {@code org.kvmemu.api} alone cannot reach: a guest's registers
 * (RFLAGS.IF and the rest are held only by the backend that created them in {@code vcpu_create}),
 * a vCPU's or a VM's ioctls (only their file descriptors, which the machine holds, have them),
 * a VM of its own ({@code /dev/kvm} is userspace's), the trace's sinks (a plugin emits into the
 * trace but cannot listen to it), userspace, the guest interpreter and the scenario runtime. Each attempt is compiled as a third
 * party would compile it, and javac refuses it; reflection is refused at run time.
 */
class TrustBoundaryTest {

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the guest from a vCPU             | boolean f(KvmVcpu v) { return v.guest().ifFlag(); }                  | cannot find symbol",
        "RFLAGS.IF from a vCPU             | boolean f(KvmVcpu v) { return v.ifFlag(); }                          | cannot find symbol",
        "KVM_NMI on a vCPU                 | int f(KvmVcpu v) { return v.ioctlNmi(); }                             | cannot find symbol",
        "KVM_RUN on a vCPU                 | void f(KvmVcpu v) { v.ioctlRun(); }                                    | cannot find symbol",
        "a vCPU's file descriptor          | Object f(KvmVcpu v) { return new VcpuFd(v); }                          | is not public in VcpuFd",
        "KVM_SIGNAL_MSI on the VM          | int f(Kvm k) { return k.signalMsi(0xfee00000L, 0x30); }                | is not public in Kvm",
        "creating the VM's vCPUs again     | void f(Kvm k) { k.createVcpus(java.util.List.of(), 1); }               | is not public in Kvm",
        "the event injection of a vCPU     | Object f(KvmVcpu v) { return v.events(); }                              | is not public in KvmVcpu",
        "a VM of its own (KVM_CREATE_VM)   | Object f() { return VmFd.createVm(null, null, null, null, null, null); } | has private access in VmFd",
        "listening to the trace            | void f(Kvm k) { k.trace().addSink(null); }                             | cannot find symbol",
        "ending the trace                  | void f(Kvm k) { k.trace().finish(); }                                  | cannot find symbol",
        "the CPU model in guest mode       | Object f(Kvm k) { return k.platform().cpu(0).guest(); }                | cannot find symbol",
        "the host scheduler                | boolean f(Kvm k) { return k.platform().cpu(0).claim(k, null); }        | cannot find symbol",
        "another system vector's handler   | void f(Kvm k) { k.platform().register(0xfd, null); }                   | has private access in Platform",
    })
    void aPluginCannotCompileAnAccessTo(String what, String member, String refusal) {
        String errors = plugin("org.acme.nosy", "import org.kvmemu.api.kvm.*;", member).compileErrors(dir);
        assertTrue(errors.contains(refusal), what + ": " + errors);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "userspace                    | org.kvmemu.api.vmm.Vmm",
        "the guest interpreter        | org.kvmemu.api.guest.program.GuestInterpreter",
        "the scenario runtime         | org.kvmemu.api.scenario.Session",
        "the invariant checker        | org.kvmemu.api.check.Violations",
        "the trace writers            | org.kvmemu.api.trace.output.TraceWriter",
        "/dev/kvm                     | org.kvmemu.api.vmm.DevKvm",
    })
    void aPluginCannotImport(String what, String type) {
        String errors = plugin("org.acme.importer", "import " + type + ";", "").compileErrors(dir);
        assertTrue(errors.contains("is not visible"), what + ": " + errors);
    }

    /** Strong encapsulation holds for reflection too: KVM's private run loop stays closed to other modules. */
    @Test
    void reflectionIntoKvmIsRefused() throws ReflectiveOperationException {
        assertThrows(InaccessibleObjectException.class,
                () -> KvmVcpu.class.getDeclaredMethod("setMode", org.kvmemu.api.kvm.VcpuMode.class).setAccessible(true));
        assertThrows(InaccessibleObjectException.class,
                () -> Kvm.class.getDeclaredMethod("signalMsi", long.class, long.class).setAccessible(true));
    }

    /**
     * A TD's RFLAGS.IF and virtual APIC live in package-private classes of the TDX module model,
     * which {@code org.kvmemu.tdx} neither exports nor opens: no other module reaches them, not
     * even by reflection (docs/tdx.md, "The trust boundary").
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"org.kvmemu.tdx.module.TdCpu, regs", "org.kvmemu.tdx.module.TdCpu, vapic",
        "org.kvmemu.tdx.module.TdVapic, virr", "org.kvmemu.tdx.module.TdVapic, rvi"})
    void reflectionIntoATdsStateIsRefused(String type, String field) throws ReflectiveOperationException {
        Module tdx = ModuleLayer.boot().findModule("org.kvmemu.tdx").orElseThrow();
        Class<?> holder = Class.forName(tdx, type);
        assertThrows(InaccessibleObjectException.class, () -> holder.getDeclaredField(field).setAccessible(true));
    }

    private static PluginJar plugin(String module, String imports, String members) {
        return PluginJar.module(module)
                .source("module-info", "module " + module + " {\n    requires org.kvmemu.api;\n}\n")
                .source(module + ".Nosy", "package " + module + ";\n" + imports + "\n"
                        + "final class Nosy {\n    " + members + "\n}\n");
    }
}
