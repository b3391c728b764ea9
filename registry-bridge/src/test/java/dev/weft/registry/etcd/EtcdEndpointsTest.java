package dev.weft.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdEndpointsTest {
  @Test
  void parsesACommaSeparatedList() {
    EtcdEndpoints endpoints = EtcdEndpoints.parse("http://127.0.0.1:2379, https://etcd-2:2379/");

    assertThat(endpoints.urls())
        .containsExactly(URI.create("http://127.0.0.1:2379"), URI.create("https://etcd-2:2379"));
    assertThat(EtcdEndpoints.parse(endpoints.toString())).isEqualTo(endpoints);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:2379          | 'no http:// or https:// scheme'",
        "http://127.0.0.1        | 'needs a host and a port'",
        "http://127.0.0.1:99999  | 'needs a host and a port'",
        "http://127.0.0.1:2379/v3| 'has a path'",
        "http://a:1,,http://b:2  | 'empty etcd endpoint'",
        "'http://[::1'           | 'is not a URL'",
      })
  void aBadEntryIsNamedWithWhatWasExpected(String input, String problem) {
    assertThatThrownBy(() -> EtcdEndpoints.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem)
        .hasMessageContaining("expected a URL like http://127.0.0.1:2379");
  }
}
