module org.kvmemu.vmx { requires org.kvmemu.api; }
