package org.kvmemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScenariosTest {

    @Test
    void titleIsTheFirstNonEmptyComment() {
        assertEquals("Fixed IRQ, APICv off", Scenarios.title("#\n##   Fixed IRQ, APICv off  \n# more\nmachine backend=vmx\n",
                "x.scenario"));
        assertEquals("Late title", Scenarios.title("machine backend=vmx\n  # Late title\n", "x.scenario"));
    }

    @Test
    void titleFallsBackWithoutComments() {
        assertEquals("x.scenario", Scenarios.title("machine backend=vmx\nrun until=1ms\n", "x.scenario"));
    }
}
