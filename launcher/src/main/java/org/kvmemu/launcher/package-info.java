/**
 * The kvmemu command line. {@link org.kvmemu.launcher.Main} and
 * {@link org.kvmemu.launcher.KvmemuToolProvider} both call
 * {@link org.kvmemu.launcher.Launcher#run}; the exit codes are in
 * {@link org.kvmemu.launcher.ExitCode}.
 */
package org.kvmemu.launcher;
