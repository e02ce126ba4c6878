import { describe, expect, it } from "vitest";
import { apiNames, checkServiceName, MAX_SERVICE_NAME, NameError } from "./names.js";

describe("checkServiceName", () => {
  it.each(["orders", "order-history", "a", "svc2"])("accepts the DNS label %s", (name) => {
    expect(checkServiceName(name)).toBe(name);
  });

  it.each(["Orders", "orders_v2", "-orders", "orders-", "2orders", "", "ord ers", "orders.v1"])(
    "refuses %j, naming the rule",
    (name) => {
      expect(() => checkServiceName(name)).toThrow(NameError);
      expect(() => checkServiceName(name)).toThrow(/DNS-1123 label/);
    },
  );

  it("refuses a name too long for the longest derived object name", () => {
    expect(checkServiceName("a".repeat(MAX_SERVICE_NAME))).toHaveLength(MAX_SERVICE_NAME);
    expect(() => checkServiceName("a".repeat(MAX_SERVICE_NAME + 1))).toThrow(/at most 54/);
  });
});

describe("apiNames", () => {
  it("derives every case from NAME and RESOURCE, the plural from the resource", () => {
    expect(apiNames("billing", "Invoice")).toEqual({
      api: "billing",
      apiKebab: "billing",
      service: "BillingService",
      resource: "Invoice",
      resourceCamel: "invoice",
      resourceSnake: "invoice",
      resourceKebab: "invoice",
      resourceConstant: "INVOICE",
      resourceWords: "invoice",
      plural: "invoices",
      pluralPascal: "Invoices",
      pluralCamel: "invoices",
      pluralSnake: "invoices",
    });
  });

  it("splits multi-word names at their case boundaries", () => {
    const names = apiNames("order_history", "LineItem");
    expect(names).toMatchObject({
      apiKebab: "order-history",
      service: "OrderHistoryService",
      resourceCamel: "lineItem",
      resourceSnake: "line_item",
      resourceKebab: "line-item",
      resourceConstant: "LINE_ITEM",
      resourceWords: "line item",
      plural: "lineitems",
      pluralPascal: "LineItems",
      pluralSnake: "line_items",
    });
  });

  it("takes an irregular plural", () => {
    expect(apiNames("crm", "Person", "people")).toMatchObject({
      plural: "people",
      pluralPascal: "People",
      pluralCamel: "people",
    });
  });

  it.each([
    ["Billing", "Invoice", undefined, /NAME="Billing" is not lower_snake_case/],
    ["billing-x", "Invoice", undefined, /NAME="billing-x"/],
    ["billing", "invoice", undefined, /RESOURCE="invoice" is not PascalCase/],
    ["billing", "INVOICE", undefined, /RESOURCE="INVOICE"/],
    ["billing", "Invoice", "Invoices", /PLURAL="Invoices"/],
    ["billing", "Invoice", "invoice", /must differ/],
  ])("refuses NAME=%s RESOURCE=%s PLURAL=%s", (name, resource, plural, message) => {
    expect(() => apiNames(name, resource, plural)).toThrow(NameError);
    expect(() => apiNames(name, resource, plural)).toThrow(message);
  });
});
