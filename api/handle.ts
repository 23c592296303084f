import type { NextFunction, Request, RequestHandler, Response } from 'express'

/** Express 4 does not await handlers: route a rejected promise to the error middleware. */
export function handle(handler: (request: Request, response: Response) => Promise<void>): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    handler(request, response).catch(next)
  }
}
