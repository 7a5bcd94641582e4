package dev.enoki.demo.shop;

/** An email the shop sent. */
public record Email(String to, String subject, String body) {
}
