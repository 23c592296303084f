// Seed 002 §8: what we know about each industry we sell to, in English and Spanish. Pure data: the ROI
// calculator reads the automation factor, the nurture emails and the ROI report the use cases and case study,
// the lead page the sales guidance.
import type { BusinessModel, Industry, SystemCategory } from '../../prisma/generated/enums'

export type Localized = { en: string; es: string }

export interface RecommendedSystem {
  name: Localized
  category: SystemCategory
  description: Localized
  typicalHoursSaved: number
}

export interface IndustryBenchmarks {
  avgEmployeeCount: number
  avgHourlyRate: number
  avgWeeklyAdminHours: number
  /** First-year ROI (percent) partners in this industry typically reach. */
  avgROI: number
  /**
   * How much of a tier's typical hours saved this industry's work lends itself to (1 = the tier's share as is).
   * Field-service scheduling and quoting automate well; bespoke professional work less so.
   */
  automationFactor: number
}

export interface IndustryProfile {
  industry: Industry | null
  displayName: Localized
  painPoints: Localized[]
  recommendedSystems: RecommendedSystem[]
  benchmarks: IndustryBenchmarks
  useCases: Localized[]
  caseStudy: { title: Localized; summary: Localized; result: Localized }
  /** Parallel to `objectionResponses`: the response at index i answers the objection at index i. */
  commonObjections: Localized[]
  objectionResponses: Localized[]
  discoveryQuestions: Localized[]
}

const t = (en: string, es: string): Localized => ({ en, es })

// Objections every owner raises, whatever the trade; each profile adds its own first.
const sharedObjections: Localized[] = [
  t('It is too expensive right now.', 'Es demasiado caro en este momento.'),
  t('My team will not adopt new tools.', 'Mi equipo no va a adoptar herramientas nuevas.'),
]
const sharedResponses: Localized[] = [
  t(
    'The ROI calculator shows the payback in weeks; most partners recover the setup fee within the first quarter.',
    'La calculadora de ROI muestra la recuperación en semanas; la mayoría recupera la cuota inicial en el primer trimestre.',
  ),
  t(
    'We build the systems with your team, not for them, and train them until they run the systems on their own.',
    'Construimos los sistemas con su equipo, no para él, y lo capacitamos hasta que los maneje por su cuenta.',
  ),
]

const sharedQuestions: Localized[] = [
  t('Which tasks take the most admin hours each week?', '¿Qué tareas consumen más horas administrativas cada semana?'),
  t(
    'Which software do you use today for scheduling, quoting and invoicing?',
    '¿Qué software usan hoy para agenda, cotizaciones y facturación?',
  ),
]

const fieldService: Omit<IndustryProfile, 'industry' | 'displayName'> = {
  painPoints: [
    t('Scheduling chaos', 'Caos en la programación de visitas'),
    t('Quote delays', 'Retrasos en las cotizaciones'),
    t('Follow-up drops', 'Seguimientos que se pierden'),
  ],
  recommendedSystems: [
    {
      name: t('Dispatch AI', 'IA de despacho'),
      category: 'SCHEDULING_DISPATCH',
      description: t(
        'Books jobs, assigns the nearest qualified technician and reshuffles the day when a job runs long.',
        'Agenda trabajos, asigna al técnico calificado más cercano y reorganiza el día cuando un trabajo se alarga.',
      ),
      typicalHoursSaved: 8,
    },
    {
      name: t('Quote Generator', 'Generador de cotizaciones'),
      category: 'QUOTE_GENERATION',
      description: t(
        'Turns a technician’s notes and photos into a priced quote the same day.',
        'Convierte las notas y fotos del técnico en una cotización con precios el mismo día.',
      ),
      typicalHoursSaved: 6,
    },
    {
      name: t('Follow-up Bot', 'Bot de seguimiento'),
      category: 'CUSTOMER_COMMUNICATIONS',
      description: t(
        'Chases open quotes, confirms appointments and asks for reviews after the job.',
        'Da seguimiento a cotizaciones abiertas, confirma citas y pide reseñas después del trabajo.',
      ),
      typicalHoursSaved: 4,
    },
  ],
  benchmarks: { avgEmployeeCount: 18, avgHourlyRate: 55, avgWeeklyAdminHours: 35, avgROI: 310, automationFactor: 1.1 },
  useCases: [
    t(
      'Emergency calls booked and dispatched after hours',
      'Llamadas de emergencia agendadas y despachadas fuera de horario',
    ),
    t('Same-day quotes from on-site photos', 'Cotizaciones el mismo día a partir de fotos en sitio'),
    t(
      'Maintenance-plan renewals reminded automatically',
      'Recordatorios automáticos de renovación de planes de mantenimiento',
    ),
  ],
  caseStudy: {
    title: t(
      'A 20-technician HVAC company stops losing quotes',
      'Una empresa de HVAC con 20 técnicos deja de perder cotizaciones',
    ),
    summary: t(
      'Dispatch AI and the Quote Generator replaced the whiteboard and the evening quoting sessions.',
      'La IA de despacho y el generador de cotizaciones reemplazaron la pizarra y las sesiones nocturnas de cotización.',
    ),
    result: t(
      '14 admin hours saved a week; quotes out in 4 hours instead of 3 days.',
      '14 horas administrativas ahorradas por semana; cotizaciones en 4 horas en lugar de 3 días.',
    ),
  },
  commonObjections: [
    t('Our technicians are not tech people.', 'Nuestros técnicos no son personas de tecnología.'),
    ...sharedObjections,
  ],
  objectionResponses: [
    t(
      'The technicians keep texting photos and notes; the systems do the paperwork behind them.',
      'Los técnicos siguen enviando fotos y notas por mensaje; los sistemas hacen el papeleo detrás.',
    ),
    ...sharedResponses,
  ],
  discoveryQuestions: [
    t(
      'How do jobs get from the phone to a technician’s schedule today?',
      '¿Cómo llega hoy un trabajo del teléfono a la agenda de un técnico?',
    ),
    t(
      'How long does a quote take from the site visit to the customer?',
      '¿Cuánto tarda una cotización desde la visita hasta el cliente?',
    ),
    ...sharedQuestions,
  ],
}

const profiles: Record<Industry, IndustryProfile> = {
  HVAC: { industry: 'HVAC', displayName: t('HVAC', 'HVAC (climatización)'), ...fieldService },
  PLUMBING: { industry: 'PLUMBING', displayName: t('Plumbing', 'Plomería'), ...fieldService },
  PROPERTY_MANAGEMENT: {
    industry: 'PROPERTY_MANAGEMENT',
    displayName: t('Property Management', 'Administración de propiedades'),
    painPoints: [
      t('Tenant communications', 'Comunicación con inquilinos'),
      t('Maintenance tracking', 'Seguimiento de mantenimiento'),
      t('Rent collection', 'Cobro de rentas'),
    ],
    recommendedSystems: [
      {
        name: t('Tenant Portal AI', 'Portal de inquilinos con IA'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Answers tenant questions day and night in their language and logs every request.',
          'Responde a los inquilinos día y noche en su idioma y registra cada solicitud.',
        ),
        typicalHoursSaved: 7,
      },
      {
        name: t('Maintenance Bot', 'Bot de mantenimiento'),
        category: 'SCHEDULING_DISPATCH',
        description: t(
          'Triages work orders, books the vendor and keeps the tenant informed.',
          'Clasifica órdenes de trabajo, agenda al proveedor y mantiene informado al inquilino.',
        ),
        typicalHoursSaved: 6,
      },
      {
        name: t('Collection Automation', 'Automatización de cobranza'),
        category: 'INVOICE_PROCESSING',
        description: t(
          'Sends reminders, reconciles payments and flags late accounts for a person.',
          'Envía recordatorios, concilia pagos y señala cuentas atrasadas para una persona.',
        ),
        typicalHoursSaved: 5,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 15,
      avgHourlyRate: 45,
      avgWeeklyAdminHours: 40,
      avgROI: 280,
      automationFactor: 1.05,
    },
    useCases: [
      t(
        'Maintenance requests triaged and booked without a phone call',
        'Solicitudes de mantenimiento clasificadas y agendadas sin una llamada',
      ),
      t('Rent reminders and payment reconciliation', 'Recordatorios de renta y conciliación de pagos'),
      t('Bilingual answers to tenant questions around the clock', 'Respuestas bilingües a inquilinos a toda hora'),
    ],
    caseStudy: {
      title: t(
        'A 600-unit portfolio answers tenants in minutes',
        'Una cartera de 600 unidades responde a inquilinos en minutos',
      ),
      summary: t(
        'The Tenant Portal AI and Maintenance Bot took over the shared inbox and the work-order spreadsheet.',
        'El portal de inquilinos y el bot de mantenimiento reemplazaron la bandeja compartida y la hoja de órdenes.',
      ),
      result: t(
        '16 admin hours saved a week; late rent down by a third.',
        '16 horas administrativas ahorradas por semana; rentas atrasadas un tercio menos.',
      ),
    },
    commonObjections: [
      t('Tenants want to talk to a person.', 'Los inquilinos quieren hablar con una persona.'),
      ...sharedObjections,
    ],
    objectionResponses: [
      t(
        'They still can: the system answers the routine questions and hands anything sensitive to your team.',
        'Todavía pueden: el sistema responde lo rutinario y pasa lo delicado a su equipo.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t(
        'How many units do you manage, and how do tenants reach you today?',
        '¿Cuántas unidades administran y cómo los contactan hoy los inquilinos?',
      ),
      t('How are work orders assigned and tracked?', '¿Cómo se asignan y siguen las órdenes de trabajo?'),
      ...sharedQuestions,
    ],
  },
  CONSTRUCTION: {
    industry: 'CONSTRUCTION',
    displayName: t('Construction', 'Construcción'),
    painPoints: [
      t('Bid management', 'Gestión de licitaciones'),
      t('Subcontractor communications', 'Comunicación con subcontratistas'),
      t('Timeline tracking', 'Seguimiento de cronogramas'),
    ],
    recommendedSystems: [
      {
        name: t('Bid Assistant', 'Asistente de licitaciones'),
        category: 'QUOTE_GENERATION',
        description: t(
          'Reads plans and past bids to draft takeoffs and bid packages.',
          'Lee planos y licitaciones anteriores para preparar cuantificaciones y propuestas.',
        ),
        typicalHoursSaved: 8,
      },
      {
        name: t('Project Comms', 'Comunicación de proyectos'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Keeps subcontractors and clients on one thread with automatic daily updates.',
          'Mantiene a subcontratistas y clientes en un solo hilo con avisos diarios automáticos.',
        ),
        typicalHoursSaved: 5,
      },
      {
        name: t('Timeline AI', 'IA de cronogramas'),
        category: 'REPORTING_ANALYTICS',
        description: t(
          'Spots schedule slips early and proposes the resequencing.',
          'Detecta retrasos temprano y propone cómo reordenar el trabajo.',
        ),
        typicalHoursSaved: 4,
      },
    ],
    benchmarks: { avgEmployeeCount: 30, avgHourlyRate: 65, avgWeeklyAdminHours: 38, avgROI: 260, automationFactor: 1 },
    useCases: [
      t('Bid packages drafted from plans in hours', 'Propuestas de licitación preparadas a partir de planos en horas'),
      t('Daily subcontractor updates without phone tag', 'Avisos diarios a subcontratistas sin llamadas perdidas'),
      t('Early warnings when the schedule slips', 'Alertas tempranas cuando el cronograma se retrasa'),
    ],
    caseStudy: {
      title: t(
        'A general contractor bids twice as many jobs',
        'Un contratista general presenta el doble de licitaciones',
      ),
      summary: t(
        'The Bid Assistant drafts takeoffs; estimators review instead of typing.',
        'El asistente prepara las cuantificaciones; los estimadores revisan en lugar de capturar.',
      ),
      result: t(
        '18 admin hours saved a week; bid volume doubled.',
        '18 horas administrativas ahorradas por semana; el doble de licitaciones.',
      ),
    },
    commonObjections: [t('Every project is different.', 'Cada proyecto es diferente.'), ...sharedObjections],
    objectionResponses: [
      t(
        'The paperwork around them is not: bids, updates and schedules follow the same patterns the systems learn.',
        'El papeleo no lo es: licitaciones, avisos y cronogramas siguen patrones que los sistemas aprenden.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t(
        'How many bids do you prepare a month, and how long does each take?',
        '¿Cuántas licitaciones preparan al mes y cuánto tarda cada una?',
      ),
      t(
        'How do subcontractors get schedule changes today?',
        '¿Cómo se enteran hoy los subcontratistas de los cambios de cronograma?',
      ),
      ...sharedQuestions,
    ],
  },
  PROFESSIONAL_SERVICES: {
    industry: 'PROFESSIONAL_SERVICES',
    displayName: t('Professional Services', 'Servicios profesionales'),
    painPoints: [
      t('Client intake', 'Alta de clientes'),
      t('Scheduling', 'Agenda de citas'),
      t('Billing', 'Facturación'),
    ],
    recommendedSystems: [
      {
        name: t('Intake Bot', 'Bot de alta de clientes'),
        category: 'LEAD_CAPTURE_QUALIFICATION',
        description: t(
          'Collects the client’s details and documents before the first meeting.',
          'Reúne los datos y documentos del cliente antes de la primera reunión.',
        ),
        typicalHoursSaved: 5,
      },
      {
        name: t('Calendar AI', 'IA de agenda'),
        category: 'SCHEDULING_DISPATCH',
        description: t(
          'Books, reschedules and reminds without back-and-forth emails.',
          'Agenda, reprograma y recuerda sin ir y venir de correos.',
        ),
        typicalHoursSaved: 4,
      },
      {
        name: t('Invoice Automation', 'Automatización de facturas'),
        category: 'INVOICE_PROCESSING',
        description: t(
          'Turns tracked time into invoices and follows up on unpaid ones.',
          'Convierte el tiempo registrado en facturas y da seguimiento a las no pagadas.',
        ),
        typicalHoursSaved: 5,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 12,
      avgHourlyRate: 85,
      avgWeeklyAdminHours: 30,
      avgROI: 340,
      automationFactor: 0.9,
    },
    useCases: [
      t(
        'New clients onboarded with documents collected up front',
        'Clientes nuevos dados de alta con sus documentos desde el inicio',
      ),
      t(
        'Meetings booked and reminded without email ping-pong',
        'Reuniones agendadas y recordadas sin intercambio de correos',
      ),
      t('Invoices from tracked time at month end', 'Facturas a partir del tiempo registrado al cierre del mes'),
    ],
    caseStudy: {
      title: t('An accounting firm reclaims its month end', 'Un despacho contable recupera su cierre de mes'),
      summary: t(
        'The Intake Bot and Invoice Automation took intake forms and billing off the partners’ desks.',
        'El bot de alta y la automatización de facturas quitaron formularios y cobranza del escritorio de los socios.',
      ),
      result: t(
        '12 admin hours saved a week; invoices out 5 days sooner.',
        '12 horas administrativas ahorradas por semana; facturas 5 días antes.',
      ),
    },
    commonObjections: [
      t('Our clients expect a personal touch.', 'Nuestros clientes esperan un trato personal.'),
      ...sharedObjections,
    ],
    objectionResponses: [
      t(
        'Automating the paperwork gives your people more time for exactly that.',
        'Automatizar el papeleo le da a su gente más tiempo justamente para eso.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t(
        'What happens between a new client saying yes and your first working session?',
        '¿Qué pasa entre que un cliente dice que sí y la primera sesión de trabajo?',
      ),
      t('How many days after month end do invoices go out?', '¿Cuántos días después del cierre salen las facturas?'),
      ...sharedQuestions,
    ],
  },
  REAL_ESTATE: {
    industry: 'REAL_ESTATE',
    displayName: t('Real Estate', 'Bienes raíces'),
    painPoints: [
      t('Lead qualification', 'Calificación de prospectos'),
      t('Showing scheduling', 'Agenda de visitas'),
      t('Follow-ups', 'Seguimientos'),
    ],
    recommendedSystems: [
      {
        name: t('Lead Qualifier', 'Calificador de prospectos'),
        category: 'LEAD_CAPTURE_QUALIFICATION',
        description: t(
          'Answers portal inquiries at once and asks budget, timing and financing.',
          'Responde al instante a consultas de portales y pregunta presupuesto, plazos y financiamiento.',
        ),
        typicalHoursSaved: 6,
      },
      {
        name: t('Showing Scheduler', 'Agenda de visitas'),
        category: 'SCHEDULING_DISPATCH',
        description: t(
          'Books showings around agents’ calendars and confirms with buyers.',
          'Agenda visitas según la disponibilidad de los agentes y confirma con los compradores.',
        ),
        typicalHoursSaved: 4,
      },
      {
        name: t('Nurture Bot', 'Bot de seguimiento'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Keeps cold buyers and sellers warm with listings that match.',
          'Mantiene el interés de compradores y vendedores con propiedades que coinciden.',
        ),
        typicalHoursSaved: 4,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 10,
      avgHourlyRate: 60,
      avgWeeklyAdminHours: 28,
      avgROI: 300,
      automationFactor: 1.05,
    },
    useCases: [
      t('Every portal inquiry answered within a minute', 'Cada consulta de portal respondida en menos de un minuto'),
      t('Showings booked without phone tag', 'Visitas agendadas sin llamadas perdidas'),
      t(
        'Past buyers nurtured until they are ready again',
        'Compradores anteriores acompañados hasta que estén listos de nuevo',
      ),
    ],
    caseStudy: {
      title: t('A 12-agent brokerage answers every lead', 'Una inmobiliaria de 12 agentes responde a cada prospecto'),
      summary: t(
        'The Lead Qualifier and Showing Scheduler work the portals nights and weekends.',
        'El calificador y la agenda de visitas atienden los portales noches y fines de semana.',
      ),
      result: t(
        '11 admin hours saved a week; response time from 4 hours to 1 minute.',
        '11 horas administrativas ahorradas por semana; respuesta de 4 horas a 1 minuto.',
      ),
    },
    commonObjections: [
      t('Our CRM already sends drip emails.', 'Nuestro CRM ya envía correos automáticos.'),
      ...sharedObjections,
    ],
    objectionResponses: [
      t(
        'Drips send the same email to everyone; these systems answer the question the buyer actually asked.',
        'Los correos automáticos son iguales para todos; estos sistemas responden la pregunta que hizo el comprador.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t(
        'How fast is a new portal inquiry answered today, including nights?',
        '¿Qué tan rápido se responde hoy una consulta, incluso de noche?',
      ),
      t('Who books showings, and how?', '¿Quién agenda las visitas y cómo?'),
      ...sharedQuestions,
    ],
  },
  RETAIL: {
    industry: 'RETAIL',
    displayName: t('Retail', 'Comercio minorista'),
    painPoints: [
      t('Inventory counts', 'Conteos de inventario'),
      t('Staff scheduling', 'Horarios del personal'),
      t('Customer questions', 'Preguntas de clientes'),
    ],
    recommendedSystems: [
      {
        name: t('Inventory Assistant', 'Asistente de inventario'),
        category: 'INVENTORY_MANAGEMENT',
        description: t(
          'Forecasts reorders from sales and drafts the purchase orders.',
          'Pronostica reabastecimientos a partir de las ventas y prepara las órdenes de compra.',
        ),
        typicalHoursSaved: 6,
      },
      {
        name: t('Shift Planner', 'Planificador de turnos'),
        category: 'SCHEDULING_DISPATCH',
        description: t(
          'Builds the staff rota around foot traffic and availability.',
          'Arma los turnos según la afluencia y la disponibilidad del personal.',
        ),
        typicalHoursSaved: 3,
      },
      {
        name: t('Customer Answer Bot', 'Bot de respuesta a clientes'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Answers stock, hours and order questions by chat and phone.',
          'Responde sobre existencias, horarios y pedidos por chat y teléfono.',
        ),
        typicalHoursSaved: 4,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 20,
      avgHourlyRate: 35,
      avgWeeklyAdminHours: 30,
      avgROI: 220,
      automationFactor: 0.95,
    },
    useCases: [
      t('Reorders drafted before the shelf is empty', 'Reabastecimientos preparados antes de que se vacíe el estante'),
      t('Weekly rota built in minutes', 'Turnos de la semana armados en minutos'),
      t('“Do you have it in stock?” answered automatically', '“¿Lo tienen en existencia?” respondido automáticamente'),
    ],
    caseStudy: {
      title: t(
        'A three-store retailer stops running out of best sellers',
        'Un minorista con tres tiendas deja de quedarse sin sus productos estrella',
      ),
      summary: t(
        'The Inventory Assistant drafts purchase orders from point-of-sale data.',
        'El asistente de inventario prepara las órdenes de compra con datos del punto de venta.',
      ),
      result: t(
        '9 admin hours saved a week; stock-outs down 40%.',
        '9 horas administrativas ahorradas por semana; 40% menos faltantes.',
      ),
    },
    commonObjections: [t('Our margins are thin.', 'Nuestros márgenes son pequeños.'), ...sharedObjections],
    objectionResponses: [
      t(
        'That is why we start with the Discovery tier: one system, paid back by the hours it saves.',
        'Por eso empezamos con Discovery: un sistema que se paga con las horas que ahorra.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t('How do you decide what to reorder, and how often?', '¿Cómo deciden qué reabastecer y con qué frecuencia?'),
      t(
        'How many customer questions reach you by phone or chat a day?',
        '¿Cuántas preguntas de clientes reciben al día por teléfono o chat?',
      ),
      ...sharedQuestions,
    ],
  },
  ECOMMERCE: {
    industry: 'ECOMMERCE',
    displayName: t('E-commerce', 'Comercio electrónico'),
    painPoints: [
      t('Order support tickets', 'Tickets de soporte de pedidos'),
      t('Inventory syncing', 'Sincronización de inventario'),
      t('Returns handling', 'Gestión de devoluciones'),
    ],
    recommendedSystems: [
      {
        name: t('Support Agent', 'Agente de soporte'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Answers “where is my order?” and starts returns from the order data.',
          'Responde “¿dónde está mi pedido?” e inicia devoluciones con los datos del pedido.',
        ),
        typicalHoursSaved: 7,
      },
      {
        name: t('Inventory Sync', 'Sincronización de inventario'),
        category: 'INVENTORY_MANAGEMENT',
        description: t(
          'Keeps stock right across channels and warns before overselling.',
          'Mantiene el inventario correcto en todos los canales y avisa antes de sobrevender.',
        ),
        typicalHoursSaved: 4,
      },
      {
        name: t('Sales Reporting', 'Reportes de ventas'),
        category: 'REPORTING_ANALYTICS',
        description: t(
          'A weekly margin and channel report without spreadsheet work.',
          'Un reporte semanal de margen y canales sin trabajo en hojas de cálculo.',
        ),
        typicalHoursSaved: 3,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 12,
      avgHourlyRate: 40,
      avgWeeklyAdminHours: 32,
      avgROI: 260,
      automationFactor: 1.1,
    },
    useCases: [
      t(
        'Order-status tickets answered without a person',
        'Tickets de estado de pedido respondidos sin intervención humana',
      ),
      t('Stock kept in sync across marketplaces', 'Inventario sincronizado entre marketplaces'),
      t('Returns started and tracked automatically', 'Devoluciones iniciadas y seguidas automáticamente'),
    ],
    caseStudy: {
      title: t('An online store halves its support queue', 'Una tienda en línea reduce a la mitad su cola de soporte'),
      summary: t(
        'The Support Agent answers order questions from the shop’s own data.',
        'El agente de soporte responde preguntas de pedidos con los datos de la tienda.',
      ),
      result: t(
        '13 admin hours saved a week; first reply in under a minute.',
        '13 horas administrativas ahorradas por semana; primera respuesta en menos de un minuto.',
      ),
    },
    commonObjections: [
      t('Our platform already has apps for this.', 'Nuestra plataforma ya tiene apps para esto.'),
      ...sharedObjections,
    ],
    objectionResponses: [
      t(
        'We connect those apps into one flow instead of adding another subscription.',
        'Conectamos esas apps en un solo flujo en lugar de sumar otra suscripción.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t(
        'How many support tickets a week, and what share are about order status?',
        '¿Cuántos tickets a la semana y qué parte son sobre el estado del pedido?',
      ),
      t('On how many channels do you sell?', '¿En cuántos canales venden?'),
      ...sharedQuestions,
    ],
  },
  OTHER: genericProfile('OTHER'),
}

function genericProfile(industry: Industry | null): IndustryProfile {
  return {
    industry,
    displayName: industry === null ? t('Small business', 'Pequeña empresa') : t('Other industry', 'Otra industria'),
    painPoints: [
      t('Repetitive admin work', 'Trabajo administrativo repetitivo'),
      t('Slow responses to customers', 'Respuestas lentas a los clientes'),
      t('Information spread across tools', 'Información dispersa entre herramientas'),
    ],
    recommendedSystems: [
      {
        name: t('Lead Capture Assistant', 'Asistente de captación'),
        category: 'LEAD_CAPTURE_QUALIFICATION',
        description: t(
          'Answers inquiries at once and collects what your team needs to follow up.',
          'Responde consultas al instante y reúne lo que su equipo necesita para dar seguimiento.',
        ),
        typicalHoursSaved: 4,
      },
      {
        name: t('Customer Communications', 'Comunicación con clientes'),
        category: 'CUSTOMER_COMMUNICATIONS',
        description: t(
          'Reminders, confirmations and routine answers sent automatically.',
          'Recordatorios, confirmaciones y respuestas rutinarias enviados automáticamente.',
        ),
        typicalHoursSaved: 4,
      },
      {
        name: t('Operations Reporting', 'Reportes de operación'),
        category: 'REPORTING_ANALYTICS',
        description: t(
          'The weekly numbers pulled together without spreadsheet work.',
          'Los números de la semana reunidos sin trabajo en hojas de cálculo.',
        ),
        typicalHoursSaved: 3,
      },
    ],
    benchmarks: {
      avgEmployeeCount: 15,
      avgHourlyRate: 45,
      avgWeeklyAdminHours: 30,
      avgROI: 220,
      automationFactor: 0.9,
    },
    useCases: [
      t('Inquiries answered and qualified around the clock', 'Consultas respondidas y calificadas a toda hora'),
      t('Routine customer messages sent automatically', 'Mensajes rutinarios a clientes enviados automáticamente'),
      t('A weekly report without spreadsheet work', 'Un reporte semanal sin hojas de cálculo'),
    ],
    caseStudy: {
      title: t('A 15-person company gets a day a week back', 'Una empresa de 15 personas recupera un día por semana'),
      summary: t(
        'Two systems took over inquiry handling and the weekly report.',
        'Dos sistemas se encargaron de las consultas y del reporte semanal.',
      ),
      result: t(
        '8 admin hours saved a week in the first two months.',
        '8 horas administrativas ahorradas por semana en los primeros dos meses.',
      ),
    },
    commonObjections: [
      t('We are not sure AI fits our business.', 'No estamos seguros de que la IA encaje en nuestro negocio.'),
      ...sharedObjections,
    ],
    objectionResponses: [
      t(
        'The Discovery tier exists to find out: one system on your most repetitive task, in eight weeks.',
        'Discovery existe para averiguarlo: un sistema en su tarea más repetitiva, en ocho semanas.',
      ),
      ...sharedResponses,
    ],
    discoveryQuestions: [
      t('What does your business do, and for whom?', '¿A qué se dedica su empresa y para quién?'),
      ...sharedQuestions,
    ],
  }
}

const unknownIndustryProfile = genericProfile(null)

/** The profile to talk to a business with; unknown industry → a general small-business profile. */
export function industryProfile(industry: Industry | null): IndustryProfile {
  return industry === null ? unknownIndustryProfile : profiles[industry]
}

export function localize(text: Localized, language: 'EN' | 'ES'): string {
  return language === 'ES' ? text.es : text.en
}

/** The §2.1 business model a company of each industry runs (used when a record is created from a lead). */
export const businessModelOfIndustry: Record<Industry, BusinessModel> = {
  HVAC: 'SERVICE',
  PLUMBING: 'SERVICE',
  PROPERTY_MANAGEMENT: 'REAL_ESTATE',
  CONSTRUCTION: 'CONSTRUCTION',
  RETAIL: 'RETAIL',
  ECOMMERCE: 'RETAIL',
  PROFESSIONAL_SERVICES: 'PROFESSIONAL',
  REAL_ESTATE: 'REAL_ESTATE',
  OTHER: 'SERVICE',
}
