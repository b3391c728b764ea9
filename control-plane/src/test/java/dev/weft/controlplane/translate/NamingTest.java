package dev.weft.controlplane.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import org.junit.jupiter.api.Test;

class NamingTest {
  @Test
  void aServiceInTheDefaultGroupAndInstanceIsNamedByItsDataId() {
    ServiceId hello = ServiceId.of("com.example.HelloService:1.0");

    assertThat(Naming.cluster(hello)).isEqualTo("com.example.HelloService:1.0");
    assertThat(Naming.service("com.example.HelloService:1.0")).contains(hello);
  }

  @Test
  void anyOtherServiceIsNamedByItsDataInfoId() {
    ServiceId tenant = ServiceId.of("com.example.HelloService:1.0", "SOFA", "tenant-a");
    ServiceId group = ServiceId.of("com.example.HelloService:1.0", "SOFA", null);

    assertThat(Naming.cluster(tenant)).isEqualTo("com.example.HelloService:1.0#@#tenant-a#@#SOFA");
    assertThat(Naming.cluster(group))
        .isEqualTo("com.example.HelloService:1.0#@#DEFAULT_INSTANCE_ID#@#SOFA");
    assertThat(Naming.service(Naming.cluster(tenant))).contains(tenant);
    assertThat(Naming.service(Naming.cluster(group))).contains(group);
  }

  @Test
  void onlyTheCanonicalNameNamesAService() {
    assertThat(Naming.service("greeter#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP")).isEmpty();
    assertThat(Naming.service("a#@#b")).isEmpty();
    assertThat(Naming.service("")).isEmpty();
    assertThat(Naming.service(" ")).isEmpty();
    assertThat(Naming.service("tab\there")).isEmpty();
  }

  @Test
  void sidecarNamesAreReservedAndNameNoService() {
    assertThat(Naming.egressListener(Protocol.BOLT)).isEqualTo("egress_bolt");
    assertThat(Naming.egressRoutes(Protocol.HTTP)).isEqualTo("egress_http_router");
    assertThat(Naming.ingressListener(Protocol.DUBBO, 20881)).isEqualTo("ingress_dubbo_20881");
    assertThat(Naming.ingressRoutes(Protocol.BOLT)).isEqualTo("ingress_bolt_router");
    assertThat(Naming.appCluster(Protocol.HTTP)).isEqualTo("ingress_http_app");
    for (String name :
        new String[] {
          "egress_bolt",
          "egress_dubbo_router",
          "ingress_http_8080",
          "ingress_bolt_router",
          "ingress_dubbo_app",
          "egress_grpc"
        }) {
      assertThat(Naming.isSidecar(name)).as(name).isTrue();
      assertThat(Naming.service(name)).as(name).isEmpty();
    }
    for (String name : new String[] {"egress_mqtt", "ingress_bolt_0", "ingress_bolt", "egress"}) {
      assertThat(Naming.isSidecar(name)).as(name).isFalse();
      assertThat(Naming.service(name)).as(name).isPresent();
    }
  }
}
