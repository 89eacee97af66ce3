/**
 * Provisioning templates and their versions (docs/aws-behaviour.md §6.5): CreateProvisioningTemplate,
 * DescribeProvisioningTemplate, UpdateProvisioningTemplate, DeleteProvisioningTemplate, ListProvisioningTemplates and
 * the four version operations. Bodies are checked with platform/provisioning-template ({@code
 * io.iotdm.provisioning.template}, hence this package's longer name) for the template's type.
 */
package io.iotdm.provisioning.provisioningtemplate;
