package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.Instruction;

/** A {@code vcpu ID: INSTR ; INSTR ; ...} statement. */
@API(status = API.Status.INTERNAL, since = "1")
public record VcpuProgram(int vcpu, List<Instruction> instructions, Location location) {
}
