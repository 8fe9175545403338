package org.kvmemu.api.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.spi.VmType;

class ScenarioParserFileTest {

    private static final Path EXAMPLE = Path.of("src", "test", "resources", "scenarios", "td-event-notify.scenario");

    private final ScenarioParser parser = new ScenarioParser(ScenarioParserFormsTest.Catalog.standard());

    @Test
    void parsesAFileNamingItByItsPathAsGiven() throws IOException, ScenarioException {
        Scenario s = parser.parse(EXAMPLE);
        assertEquals(EXAMPLE.toString(), s.file());
        assertEquals(new MachineSpec("tdx", VmType.TD, 2, 2, true, 7, 0, new Location(EXAMPLE.toString(), 2, 1)),
                s.machine());
        assertEquals(List.of(new Instruction.Tdvmcall("setup-event-notify", Map.of("vector", "0xec")),
                new Instruction.StiHlt(), new Instruction.Mark("woke")), s.programs().get(0).instructions());
        assertEquals(new Instruction.Ipi(0, 0, DeliveryMode.NMI, Shorthand.NONE),
                s.programs().get(1).instructions().get(2));
        assertEquals(2, s.handlers().size());
        assertEquals(List.of(10_000L, 50_000L), s.events().stream().map(TimedEvent::timeNs).toList());
        assertEquals(1_000_000L, s.run().untilNs());
        assertEquals(new Expectation.TraceContains("tdx_deliver_interrupt: vector 0xec",
                new Location(EXAMPLE.toString(), 20, 1)), s.expectations().get(3));
        assertEquals(5, s.expectations().size());
    }

    @Test
    void errorsInAFileNameThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.scenario");
        Files.writeString(file, "machine backend=vmx\nat 1us host-nmi pcpu=1\n", StandardCharsets.UTF_8);
        ScenarioException e = assertThrows(ScenarioException.class, () -> parser.parse(file));
        assertEquals(file + ":2:22: pcpu 1 out of range (machine has 1 pcpu)\n"
                + "at 1us host-nmi pcpu=1\n"
                + " ".repeat(21) + "^", e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> parser.parse(dir.resolve("absent.scenario")));
    }

    @Test
    void aByteThatIsNotUtf8IsAnErrorAtItsLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("bin.scenario"),
                new byte[] {'m', 'a', 'c', 'h', 'i', 'n', 'e', '\n', 'v', 'c', 'p', 'u', ' ', (byte) 0xc3, 0x28, 'x', '\n'});
        ScenarioException e = assertThrows(ScenarioException.class, () -> parser.parse(file));
        assertEquals(file + ":2:6: not valid UTF-8\n"
                + "vcpu \ufffd(x\n"
                + "     ^", e.getMessage());
    }

    @Test
    void aByteOrderMarkIsNotAColumn(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("bom.scenario"), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a',
            (byte) 0xff});
        ScenarioException e = assertThrows(ScenarioException.class, () -> parser.parse(file));
        assertEquals(file + ":1:2: not valid UTF-8\na\ufffd\n ^", e.getMessage());
    }

    @Test
    void aFileLargerThanOneMebibyteIsRefusedWhereTheLimitIs(@TempDir Path dir) throws IOException {
        byte[] zeros = new byte[ScenarioFile.MAX_BYTES + 10];
        Path file = Files.write(dir.resolve("zero.scenario"), zeros);
        ScenarioException e = assertThrows(ScenarioException.class, () -> parser.parse(file));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(file + ":1:1048577: file larger than 1 MiB (a scenario is at most 1048576 bytes)", lines.get(0));
        assertEquals("..." + "?".repeat(120), lines.get(1));
        assertEquals(" ".repeat(3 + 120 - 1) + "^", lines.get(2));
    }
}
