package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.spi.ToolProvider;

/** kvmemu as a {@link ToolProvider} named {@code kvmemu}, for {@code ToolProvider.findFirst("kvmemu")}. */
public final class KvmemuToolProvider implements ToolProvider {

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public KvmemuToolProvider() {
    }

    @Override
    public String name() {
        return "kvmemu";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        return Launcher.run(out, err, args);
    }
}
