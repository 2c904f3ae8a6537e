import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// The walk-in queue ("Wartemarken"): this counter's ticket with its actions on the left, the
// waiting tickets of the clerk's services on the right, re-read every 5 s while open.
// Keys: F8 call next, F9 recall, F10 start, F11 done, F12 no-show, Ctrl+T send to another
// service, F5 read again, Esc close. An urgent ticket is tinted and says "urgent" in words.
Rectangle {
    id: panel
    required property QtObject walkInVm
    signal closeRequested()
    objectName: "walk_in_panel"
    color: CounterStyle.background
    Keys.onEscapePressed: closeRequested()

    readonly property var widths: [150, 420, 260, 160]  // ticket, service, since, urgent
    property bool choosingTarget: false

    function focusCallNext() { callNext.forceActiveFocus() }
    function chooseTarget() {
        if (!walkInVm.hasTicket || walkInVm.targets.length === 0)
            return
        choosingTarget = true
        targetRepeater.itemAt(0).forceActiveFocus()
    }
    function sendTo(code) {
        choosingTarget = false
        walkInVm.transfer(code)
        callNext.forceActiveFocus()
    }

    Shortcut { sequence: "F8"; enabled: panel.visible && !panel.walkInVm.acting; onActivated: panel.walkInVm.callNext() }
    Shortcut { sequence: "F9"; enabled: panel.visible && panel.walkInVm.called; onActivated: panel.walkInVm.recall() }
    Shortcut { sequence: "F10"; enabled: panel.visible && panel.walkInVm.called; onActivated: panel.walkInVm.startServing() }
    Shortcut { sequence: "F11"; enabled: panel.visible && panel.walkInVm.hasTicket; onActivated: panel.walkInVm.done() }
    Shortcut { sequence: "F12"; enabled: panel.visible && panel.walkInVm.called; onActivated: panel.walkInVm.noShow() }
    Shortcut { sequence: "Ctrl+T"; enabled: panel.visible && panel.walkInVm.hasTicket; onActivated: panel.chooseTarget() }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            Heading {
                objectName: "walk_in_heading"
                text: qsTr("Walk-in queue") + " · " + qsTr("{count} waiting").replace("{count}", panel.walkInVm.count)
                font.pixelSize: CounterStyle.title
                Layout.fillWidth: true
            }
            DeskText {
                objectName: "walk_in_summary"
                text: panel.walkInVm.summary
                color: CounterStyle.textMuted
            }
            ActionButton {
                objectName: "walk_in_refresh"
                text: qsTr("Refresh (F5)")
                enabled: !panel.walkInVm.loading
                onClicked: panel.walkInVm.refresh()
            }
            ActionButton {
                objectName: "walk_in_close"
                text: qsTr("Close (Esc)")
                onClicked: panel.closeRequested()
            }
        }
        Notice { objectName: "walk_in_message"; Layout.fillWidth: true; text: panel.walkInVm.message }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: CounterStyle.margin

            // -- this counter's ticket and the actions ---------------------------------------
            Rectangle {
                Layout.preferredWidth: 700
                Layout.fillHeight: true
                radius: CounterStyle.radius
                color: CounterStyle.surface
                border.color: panel.walkInVm.ticketUrgent ? CounterStyle.errorText : CounterStyle.border
                border.width: panel.walkInVm.ticketUrgent ? 3 : 1

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 24
                    spacing: 16

                    ActionButton {
                        id: callNext
                        objectName: "walk_in_call_next"
                        primary: true
                        text: qsTr("Call next (F8)")
                        enabled: !panel.walkInVm.acting
                        font.pixelSize: 30
                        font.weight: Font.Bold
                        Layout.fillWidth: true
                        Layout.preferredHeight: 96
                        onClicked: panel.walkInVm.callNext()
                    }
                    Notice {
                        objectName: "walk_in_notice"
                        error: false
                        Layout.fillWidth: true
                        text: panel.walkInVm.notice
                    }
                    Heading { text: qsTr("Your ticket"); Layout.topMargin: 8 }
                    DeskText {
                        objectName: "walk_in_no_ticket"
                        visible: !panel.walkInVm.hasTicket
                        text: qsTr("No ticket is called to this counter. Press “Call next” (F8).")
                        color: CounterStyle.textMuted
                        Layout.fillWidth: true
                    }
                    RowLayout {
                        visible: panel.walkInVm.hasTicket
                        spacing: 24
                        Layout.fillWidth: true
                        Text {
                            objectName: "walk_in_ticket_label"
                            text: panel.walkInVm.ticketLabel
                            font.family: CounterStyle.fontFamily
                            font.pixelSize: 96
                            font.weight: Font.Bold
                            color: CounterStyle.primary
                            Accessible.role: Accessible.StaticText
                            Accessible.name: qsTr("Ticket {label}").replace("{label}", text)
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 6
                            DeskText {
                                objectName: "walk_in_ticket_service"
                                text: panel.walkInVm.ticketService
                                font.pixelSize: CounterStyle.heading
                                font.weight: Font.DemiBold
                                Layout.fillWidth: true
                            }
                            DeskText {
                                objectName: "walk_in_ticket_state"
                                text: panel.walkInVm.ticketState
                                Layout.fillWidth: true
                            }
                            DeskText {
                                objectName: "walk_in_ticket_urgent"
                                visible: panel.walkInVm.ticketUrgent
                                text: qsTr("URGENT: permit or Fiktion ends soon")
                                color: CounterStyle.errorText
                                font.weight: Font.Bold
                                Layout.fillWidth: true
                            }
                        }
                    }
                    GridLayout {
                        columns: 2
                        columnSpacing: CounterStyle.spacing
                        rowSpacing: CounterStyle.spacing
                        Layout.fillWidth: true
                        ActionButton {
                            objectName: "walk_in_recall"
                            text: panel.walkInVm.recallText
                            enabled: panel.walkInVm.called && !panel.walkInVm.acting
                            Layout.fillWidth: true
                            Layout.preferredHeight: 56
                            onClicked: panel.walkInVm.recall()
                        }
                        ActionButton {
                            objectName: "walk_in_start"
                            text: qsTr("Start serving (F10)")
                            enabled: panel.walkInVm.called && !panel.walkInVm.acting
                            Layout.fillWidth: true
                            Layout.preferredHeight: 56
                            onClicked: panel.walkInVm.startServing()
                        }
                        ActionButton {
                            objectName: "walk_in_done"
                            text: qsTr("Done (F11)")
                            enabled: panel.walkInVm.hasTicket && !panel.walkInVm.acting
                            Layout.fillWidth: true
                            Layout.preferredHeight: 56
                            onClicked: panel.walkInVm.done()
                        }
                        ActionButton {
                            objectName: "walk_in_no_show"
                            text: qsTr("Did not come (F12)")
                            enabled: panel.walkInVm.called && !panel.walkInVm.acting
                            Layout.fillWidth: true
                            Layout.preferredHeight: 56
                            onClicked: panel.walkInVm.noShow()
                        }
                        ActionButton {
                            objectName: "walk_in_transfer"
                            text: qsTr("Send to another service (Ctrl+T)")
                            enabled: panel.walkInVm.hasTicket && !panel.walkInVm.acting
                                     && panel.walkInVm.targets.length > 0
                            Layout.columnSpan: 2
                            Layout.fillWidth: true
                            Layout.preferredHeight: 56
                            onClicked: panel.chooseTarget()
                        }
                    }
                    ColumnLayout {
                        objectName: "walk_in_targets"
                        visible: panel.choosingTarget && panel.walkInVm.hasTicket
                        Layout.fillWidth: true
                        spacing: 8
                        DeskText {
                            text: qsTr("Send the ticket to (Esc: cancel):")
                            font.weight: Font.Bold
                        }
                        Repeater {
                            id: targetRepeater
                            model: panel.walkInVm.targets
                            ActionButton {
                                required property var modelData
                                required property int index
                                objectName: "walk_in_target_" + index
                                text: modelData.name
                                Layout.fillWidth: true
                                Keys.onEscapePressed: { panel.choosingTarget = false; callNext.forceActiveFocus() }
                                onClicked: panel.sendTo(modelData.code)
                            }
                        }
                    }
                    Item { Layout.fillHeight: true }
                }
            }

            // -- the waiting tickets -----------------------------------------------------------
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: CounterStyle.radius
                color: CounterStyle.surface
                border.color: CounterStyle.border

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: 8

                    Heading { text: qsTr("Waiting, in call order (urgent first)") }
                    Rectangle {
                        Layout.fillWidth: true
                        implicitHeight: 40
                        color: CounterStyle.secondary
                        radius: CounterStyle.radius
                        RowLayout {
                            anchors.fill: parent
                            anchors.leftMargin: 20
                            anchors.rightMargin: 12
                            spacing: 8
                            Repeater {
                                model: [qsTr("Ticket"), qsTr("Service"), qsTr("Waiting since"), qsTr("Urgent")]
                                DeskText {
                                    required property string modelData
                                    required property int index
                                    text: modelData
                                    font.pixelSize: CounterStyle.small
                                    font.weight: Font.Bold
                                    Layout.preferredWidth: panel.widths[index]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                            }
                            DeskText {
                                text: qsTr("Calls")
                                font.pixelSize: CounterStyle.small
                                font.weight: Font.Bold
                                Layout.fillWidth: true
                            }
                        }
                    }
                    DeskText {
                        objectName: "walk_in_empty"
                        visible: panel.walkInVm.count === 0 && !panel.walkInVm.loading
                        text: qsTr("Nobody is waiting.")
                        color: CounterStyle.textMuted
                    }
                    ListView {
                        id: list
                        objectName: "walk_in_list"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: 4
                        model: panel.walkInVm.rows
                        keyNavigationEnabled: true
                        activeFocusOnTab: true
                        ScrollBar.vertical: ScrollBar {}
                        Accessible.role: Accessible.Table
                        Accessible.name: qsTr("Waiting tickets")

                        delegate: Rectangle {
                            id: row
                            required property var modelData
                            required property int index
                            objectName: "walk_in_row_" + index
                            width: ListView.view.width
                            height: 52
                            radius: CounterStyle.radius
                            readonly property bool current: ListView.isCurrentItem && list.activeFocus
                            color: modelData.urgent ? CounterStyle.errorBackground : CounterStyle.background
                            border.width: current ? CounterStyle.focusWidth : 1
                            border.color: current ? CounterStyle.focus
                                                  : (modelData.urgent ? CounterStyle.errorText : CounterStyle.border)
                            Accessible.role: Accessible.Row
                            Accessible.name: [modelData.label, modelData.service, modelData.since,
                                              modelData.urgentText].join(", ")
                            MouseArea {
                                anchors.fill: parent
                                onClicked: { list.currentIndex = row.index; list.forceActiveFocus() }
                            }
                            Rectangle {  // an urgent ticket also gets a strong bar (besides its word)
                                visible: row.modelData.urgent
                                width: 8
                                anchors.left: parent.left
                                anchors.top: parent.top
                                anchors.bottom: parent.bottom
                                radius: CounterStyle.radius
                                color: CounterStyle.errorText
                            }
                            RowLayout {
                                anchors.fill: parent
                                anchors.leftMargin: 20
                                anchors.rightMargin: 12
                                spacing: 8
                                DeskText {
                                    objectName: "walk_in_label_" + row.index
                                    text: row.modelData.label
                                    font.pixelSize: CounterStyle.heading
                                    font.weight: Font.Bold
                                    Layout.preferredWidth: panel.widths[0]
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    text: row.modelData.service
                                    Layout.preferredWidth: panel.widths[1]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    text: row.modelData.since
                                    Layout.preferredWidth: panel.widths[2]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    objectName: "walk_in_urgent_" + row.index
                                    text: row.modelData.urgentText
                                    color: CounterStyle.errorText
                                    font.weight: Font.Bold
                                    Layout.preferredWidth: panel.widths[3]
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    text: row.modelData.calls
                                    Layout.fillWidth: true
                                    wrapMode: Text.NoWrap
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
