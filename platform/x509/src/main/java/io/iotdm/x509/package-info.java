/** placeholder */
package io.iotdm.x509;
