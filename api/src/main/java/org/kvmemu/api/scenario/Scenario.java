package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.annotation.API;

/** A parsed scenario file: everything in it, in file order, already validated. */
@API(status = API.Status.INTERNAL, since = "1")
public record Scenario(String file, MachineSpec machine, List<DriverSpec> drivers, List<VcpuProgram> programs,
                       List<HandlerSpec> handlers, List<TimedEvent> events, RunSpec run,
                       List<Expectation> expectations) {
}
