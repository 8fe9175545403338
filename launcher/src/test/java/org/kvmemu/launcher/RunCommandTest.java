package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RunCommandTest {

    @Test
    void seedIsDecimalOrHexLikeInScenarios() {
        assertEquals(OptionalLong.empty(), RunCommand.seed(null));
        assertEquals(OptionalLong.of(42), RunCommand.seed("42"));
        assertEquals(OptionalLong.of(42), RunCommand.seed("0x2A"));
        assertEquals(OptionalLong.of(-1), RunCommand.seed("0xffffffffffffffff"));
        assertEquals(OptionalLong.of(-1), RunCommand.seed("18446744073709551615"));
    }

    @Test
    void seedThatIsNotA64BitInteger() {
        assertEquals("bad --seed '0x1ffffffffffffffff': use a decimal or 0x-hex number from 0 to 18446744073709551615 "
                + "(0xffffffffffffffff)",
                assertThrows(InputException.class, () -> RunCommand.seed("0x1ffffffffffffffff")).getMessage());
        assertThrows(InputException.class, () -> RunCommand.seed("1.5"));
        assertThrows(InputException.class, () -> RunCommand.seed("-7"));
    }
}
