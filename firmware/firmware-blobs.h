/*
 * firmware/firmware-blobs.h: the in-guest firmware blobs the machine loads
 * (the RTAS entry and the VOF client-interface entry), as byte arrays
 * generated from the .S sources in firmware/ (see firmware-blobs.c).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

extern const uint8_t pseries_fw_rtas_entry[];
extern const size_t pseries_fw_rtas_entry_size;
extern const uint8_t pseries_fw_vof_entry[];
extern const size_t pseries_fw_vof_entry_size;
