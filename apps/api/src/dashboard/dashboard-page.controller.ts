import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '../auth/route-access';
import { DASHBOARD_ASSETS, DASHBOARD_PAGE, type DashboardAsset } from './dashboard-assets';

const SHELL_IS_PUBLIC =
  'the dashboard shell holds no data: it asks for a key and reads everything from the API with it';

/**
 * Only what the page itself loads: its own assets and API calls to this origin.
 * Styles may be set from script (uPlot sizes its canvas that way).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The supervisor dashboard's page and its static assets (see assets/). */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  @Get()
  @PublicRoute(SHELL_IS_PUBLIC)
  page(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return send(reply, DASHBOARD_PAGE);
  }

  @Get('assets/:name')
  @PublicRoute(SHELL_IS_PUBLIC)
  asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const asset = DASHBOARD_ASSETS.get(name);
    if (!asset) throw new NotFoundException(`the dashboard has no asset ${JSON.stringify(name.slice(0, 100))}`);
    return send(reply, asset);
  }
}

function send(reply: FastifyReply, asset: DashboardAsset): Buffer {
  reply.header('content-type', asset.contentType);
  reply.header('x-content-type-options', 'nosniff');
  // Served from the running build: a deploy changes them, so the browser must ask again (cheaply, they are small).
  reply.header('cache-control', 'no-cache');
  return asset.body;
}
