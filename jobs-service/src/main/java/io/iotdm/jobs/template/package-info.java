/**
 * Job templates (CreateJobTemplate, DescribeJobTemplate, ListJobTemplates, DeleteJobTemplate) and AWS-managed
 * templates (ListManagedJobTemplates, DescribeManagedJobTemplate); docs/aws-behaviour.md §5.14 and §5.15. A template
 * made from a job reads the job through the {@code job} package's queries.
 */
package io.iotdm.jobs.template;
