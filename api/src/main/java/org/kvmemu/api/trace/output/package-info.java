/**
 * The trace writers (text, JSON lines, Perfetto) and the {@code --trace} filter. Exported to the
 * launcher only; not plugin API.
 */
package org.kvmemu.api.trace.output;
