package org.kvmemu.launcher;
